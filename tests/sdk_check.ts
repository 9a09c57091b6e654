// Calls a live server through the generated typescript-fetch client, as an SDK user would, and records for
// each call the raw JSON body next to the generated model's round trip (FromJSON, then ToJSON).
// tests/test_sdk.py copies this file next to the generated src/, compiles both with tsc, runs it with node,
// and compares the two. Usage: node check.js plan.json results.json
import * as sdk from './src/index';

declare const require: any;
declare const process: any;
const fs = require('fs');

interface PlannedCall {
    label: string;
    api: string;            // e.g. "TracksApi"
    method: string;         // e.g. "getTrack"
    request: Record<string, unknown>;
    responseModel: string | null;  // e.g. "TrackResponse"; null for a redirect (resolve), followed by fetch
    credentials: { message: string; signature: string } | null;
    via: 'headers' | 'query';
}

async function call(basePath: string, planned: PlannedCall) {
    const c = planned.credentials;
    // The signature schemes are apiKey schemes keyed by their header or query parameter name. The client asks
    // for all four on every call (typescript-fetch does not model the spec's alternatives); the pair not in
    // use gets undefined: an undefined header is dropped, while '' would be sent as an empty header, which
    // the server takes as the (invalid) credential in place of the query pair.
    const keys: Record<string, string> = !c ? {} : planned.via === 'query'
        ? { 'user_data': c.message, 'user_signature': c.signature }
        : { 'Encoded-Data-Message': c.message, 'Encoded-Data-Signature': c.signature };
    const configuration = new sdk.Configuration({
        basePath,
        apiKey: c ? (name: string) => keys[name] : undefined,
    });
    const api = new (sdk as any)[planned.api](configuration);
    const response: sdk.ApiResponse<unknown> = await api[`${planned.method}Raw`](planned.request);
    const raw = await response.raw.clone().json();
    const value = await response.value();
    const back = planned.responseModel ? (sdk as any)[`${planned.responseModel}ToJSON`](value) : raw;
    return { status: response.raw.status, raw, back };
}

async function main() {
    const [planPath, outPath] = process.argv.slice(2);
    const plan = JSON.parse(fs.readFileSync(planPath, 'utf8'));
    const results: unknown[] = [];
    for (const planned of plan.calls as PlannedCall[]) {
        try {
            results.push({ label: planned.label, ...(await call(plan.basePath, planned)) });
        } catch (error: any) {
            const status = error?.response?.status;
            const body = error?.response ? await error.response.text() : undefined;
            results.push({ label: planned.label, error: `${error?.name}: ${error?.message}`, status, body });
        }
    }
    fs.writeFileSync(outPath, JSON.stringify(results));
}

main().catch((error) => { console.error(error); process.exit(1); });

"""openaudio-api: the OpenAudio discovery API, spec first, on PostgreSQL."""

import warnings

__version__ = "0.1.0"

# connexion imports starlette.testclient at run time (connexion/apps/abstract.py, for its test_client()), and
# starlette 1.x warns there that its test client wants httpx2. The server never uses a test client, and
# installing httpx2 would swap the tests' HTTP client; so only this message, raised from that import site,
# is silenced. Registering a filter imports nothing: commands that never load connexion stay fast.
warnings.filterwarnings("ignore", message=r"Using `httpx` with `starlette\.testclient` is deprecated",
                        category=UserWarning, module=r"connexion\.apps\.abstract")

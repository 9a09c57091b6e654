"""The contract, swagger-v1.yaml: a package only so that the distribution ships it as openaudio_api.openapi."""

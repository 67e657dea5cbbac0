"""The API document says what the service does (issue 17 items 13 and 14): its viewers
work offline under the service's CSP, every operation lists the errors it really
answers in the shape it really answers them, every request body has a zh and an en
example and every field a description."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from .conftest import Api, make_api

CHROMIUM = Path("/usr/bin/chromium")


def _document(api: Api) -> dict[str, Any]:
    r = api.client.get("/openapi.json")
    assert r.status_code == 200
    return r.json()


def _operations(doc: dict[str, Any]):
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            yield method, path, operation


def _resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _matches(doc: dict[str, Any], schema: dict[str, Any], value: Any) -> bool:
    """Enough of JSON Schema for the error envelope: objects, required keys, strings."""
    schema = _resolve(doc, schema)
    if schema.get("type") == "object":
        props = schema.get("properties", {})
        return (
            isinstance(value, dict)
            and set(schema.get("required", [])) <= set(value)
            and set(value) <= set(props)
            and all(_matches(doc, props[k], v) for k, v in value.items())
        )
    if schema.get("type") == "string":
        return isinstance(value, str)
    return True


def test_the_key_is_a_declared_security_scheme_not_header_parameters(api: Api) -> None:
    doc = _document(api)
    schemes = doc["components"]["securitySchemes"]
    assert any(s["type"] == "http" and s["scheme"] == "bearer" for s in schemes.values())
    for method, path, operation in _operations(doc):
        names = {p["name"].lower() for p in operation.get("parameters", [])}
        assert not names & {"authorization", "x-api-key"}, (method, path)
        if path != "/healthz":
            assert operation["security"], (method, path)


def test_no_operation_documents_a_body_the_service_never_sends(api: Api) -> None:
    doc = _document(api)
    assert "HTTPValidationError" not in doc["components"]["schemas"]
    for method, path, operation in _operations(doc):
        for status, response in operation["responses"].items():
            if status.startswith(("4", "5")):
                schema = response["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (method, path, status)
                example = response["content"]["application/json"]["example"]
                assert _matches(doc, schema, example), (method, path, status)


def test_every_request_body_has_a_zh_and_an_en_example(api: Api) -> None:
    doc = _document(api)
    bodies = 0
    for method, path, operation in _operations(doc):
        for media_type, content in operation.get("requestBody", {}).get("content", {}).items():
            bodies += 1
            examples = content.get("examples", {})
            assert {"zh", "en"} <= set(examples), (method, path, media_type)
            zh, en = examples["zh"]["value"], examples["en"]["value"]
            assert re.search(r"[\u4e00-\u9fff]", str(zh)), (method, path, "zh example")
            assert not re.search(r"[\u4e00-\u9fff]", str(en)), (method, path, "en example")
    assert bodies >= 5


def test_every_field_has_a_description(api: Api) -> None:
    doc = _document(api)
    missing = [
        f"{name}.{field}"
        for name, schema in doc["components"]["schemas"].items()
        for field, prop in schema.get("properties", {}).items()
        if not prop.get("description")
    ]
    assert missing == []


def test_request_body_examples_are_accepted_by_the_service(api: Api) -> None:
    """The examples are real requests: each one sent as documented gets a 2xx. (A
    multipart example names its file instead of holding it, so it cannot be sent.)"""
    doc = _document(api)
    headers = {"/v1/keys": api.admin, "/v1/sessions": api.reviewer}
    api.client.post(
        "/v1/scan",
        json={"id": "s-1", "turns": [{"speaker": "agent", "text": "hi"}]},
        headers=api.ingest,
    )
    for method, path, operation in _operations(doc):
        for media_type, content in operation.get("requestBody", {}).get("content", {}).items():
            if media_type not in ("application/json", "application/x-ndjson"):
                continue
            for lang, example in content["examples"].items():
                url = path.replace("{conversation_id}", f"doc-{lang}-{abs(hash(path)) % 997}")
                url = url.replace("{session_id}", "s-1")
                key = next((h for p, h in headers.items() if path.startswith(p)), api.ingest)
                value = example["value"]
                if media_type == "application/json":
                    r = api.client.request(method, url, json=value, headers=key)
                else:
                    r = api.client.request(
                        method,
                        url,
                        content=value.encode(),
                        headers=key | {"Content-Type": media_type},
                    )
                assert r.status_code < 300, (method, path, lang, r.status_code, r.text[:200])


# -------------------------------------------------- the document against what really happens


def _error_cases(api: Api) -> list[tuple[str, str, int, Any]]:
    """(method, path template, status expected, the response) for each error, provoked."""
    c = api.client
    cases = []
    for method, template, url, kwargs in [
        ("post", "/v1/scan", "/v1/scan", {"json": {"id": "x", "turns": []}}),
        ("post", "/v1/redact", "/v1/redact", {"json": {"text": "hi"}}),
        ("get", "/v1/sessions", "/v1/sessions", {}),
        ("get", "/v1/audit", "/v1/audit", {}),
        ("get", "/metrics", "/metrics", {}),
        ("delete", "/v1/keys/{prefix}", "/v1/keys/pgk_x_000000", {}),
    ]:
        cases.append((method, template, 401, c.request(method, url, **kwargs)))
    cases += [
        ("get", "/v1/sessions", 403, c.get("/v1/sessions", headers=api.ingest)),
        ("post", "/v1/redact", 403, c.post("/v1/redact", json={"text": "x"}, headers=api.admin)),
        ("get", "/v1/sessions/{session_id}", 404, c.get("/v1/sessions/nope", headers=api.reviewer)),
        ("delete", "/v1/keys/{prefix}", 404, c.delete("/v1/keys/pgk_z_nothing", headers=api.admin)),
        (
            "post",
            "/v1/redact",
            413,
            c.post("/v1/redact", json={"text": "字" * 20_001}, headers=api.ingest),
        ),
        (
            "post",
            "/v1/scan",
            413,
            c.post(
                "/v1/scan",
                content=b"{" + b" " * 2_000_001 + b"}",
                headers=api.ingest | {"Content-Type": "application/json"},
            ),
        ),
        ("post", "/v1/redact", 422, c.post("/v1/redact", json={"txt": 1}, headers=api.ingest)),
        ("get", "/v1/sessions", 422, c.get("/v1/sessions?limit=-1", headers=api.reviewer)),
        (
            "post",
            "/v1/sessions/{session_id}/review",
            422,
            c.post("/v1/sessions/x/review", json={"disposition": "maybe"}, headers=api.reviewer),
        ),
    ]
    # 409: a conversation stored whole by /v1/scan cannot take live turns.
    transcript = {"id": "taken", "turns": [{"speaker": "customer", "text": "hello"}]}
    assert c.post("/v1/scan", json=transcript, headers=api.ingest).status_code == 200
    cases.append(
        (
            "post",
            "/v1/conversations/{conversation_id}/turns",
            409,
            c.post(
                "/v1/conversations/taken/turns",
                json={"speaker": "agent", "text": "hi"},
                headers=api.ingest,
            ),
        )
    )
    return cases


def _check(doc: dict[str, Any], method: str, template: str, status: int, response) -> None:
    assert response.status_code == status, (method, template, response.text[:200])
    documented = doc["paths"][template][method]["responses"]
    assert str(status) in documented, f"{method} {template} answers {status}, undocumented"
    schema = documented[str(status)]["content"]["application/json"]["schema"]
    assert _matches(doc, schema, response.json()), (method, template, response.text[:200])
    for header in documented[str(status)].get("headers", {}):
        assert header.lower() in response.headers, (method, template, header)


def test_each_error_the_service_answers_is_documented_as_answered(api: Api) -> None:
    doc = _document(api)
    cases = _error_cases(api)
    for method, template, status, response in cases:
        _check(doc, method, template, status, response)
    assert {s for _, _, s, _ in cases} >= {401, 403, 404, 409, 413, 422}


def test_429_and_503_are_documented_as_answered(db_url: str, guard) -> None:
    for api in make_api(db_url, guard, rate_limit_per_minute=1):
        doc = _document(api)
        api.client.get("/v1/sessions", headers=api.reviewer)
        _check(
            doc, "get", "/v1/sessions", 429, api.client.get("/v1/sessions", headers=api.reviewer)
        )
    for api in make_api(db_url, guard, max_in_flight=0):
        doc = _document(api)
        r = api.client.post("/v1/redact", json={"text": "hi"}, headers=api.ingest)
        _check(doc, "post", "/v1/redact", 503, r)


def test_every_keyed_operation_answers_401_as_documented(api: Api) -> None:
    doc = _document(api)
    for method, path, operation in _operations(doc):
        if "security" not in operation:
            continue
        url = re.sub(r"\{[^}]+\}", "some-id", path)
        r = api.client.request(method, url, headers={"Authorization": "Bearer pgk_i_not-a-key"})
        _check(doc, method, path, 401, r)


# -------------------------------------------------- the viewers, offline


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_viewers_load_only_from_this_origin(api: Api, page: str) -> None:
    r = api.client.get(page)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "http" not in csp
    assert len(r.headers.get_list("content-security-policy")) == 1
    sources = re.findall(r'(?:src|href)="([^"]+)"', r.text)
    assert sources and all(s.startswith("/docs/assets/") for s in sources), sources
    assert "<script>" not in r.text, "inline scripts are refused by the CSP"
    for source in sources:
        asset = api.client.get(source)
        assert asset.status_code == 200 and len(asset.content) > 1000 or source.endswith(".js")


@pytest.mark.parametrize("name", ["../main.py", "..%2Fopenapi.py", "swagger.html", "x.js"])
def test_the_asset_route_serves_only_its_list(api: Api, name: str) -> None:
    assert api.client.get(f"/docs/assets/{name}").status_code == 404


@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing at /usr/bin/chromium: `make browser` installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.mark.parametrize(
    ("page", "rendered"),
    [("/docs", ".opblock"), ("/redoc", "[data-section-id^='operation']")],
)
def test_the_viewers_render_in_a_browser_with_no_network(
    api: Api, chromium, page: str, rendered: str
) -> None:
    """Chromium is served by the app itself (no server, no network): any request to
    another origin is refused and recorded, and CSP refusals show as console errors."""
    elsewhere: list[str] = []
    refused: list[str] = []

    def serve(route) -> None:  # noqa: ANN001
        url = route.request.url
        if not url.startswith("http://piiguard.test/"):
            elsewhere.append(url)
            route.abort()
            return
        r = api.client.get(url.removeprefix("http://piiguard.test"))
        route.fulfill(status=r.status_code, headers=dict(r.headers), body=r.content)

    tab = chromium.new_page()
    try:
        tab.on(
            "console", lambda m: refused.append(m.text) if "Content Security" in m.text else None
        )
        tab.route("**/*", serve)
        tab.goto(f"http://piiguard.test{page}")
        tab.wait_for_selector(rendered, timeout=30_000)
        assert tab.locator(rendered).count() >= 10
    finally:
        tab.close()
    assert elsewhere == []
    # ReDoc's "by Redocly" badge points at its CDN: the CSP refuses that image, which is
    # the point. Nothing the page needs (a script, a style, the worker) may be refused.
    assert [m for m in refused if not m.startswith("Loading the image 'https://")] == []

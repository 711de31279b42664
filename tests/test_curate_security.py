"""The review page is the curator's own: it answers only at 127.0.0.1:PORT or localhost:PORT (a
DNS-rebound name is refused, 421), takes changes only from its own pages (the session's token and
this origin, else 403), serves pages no other site can frame or script, listens on nothing but
127.0.0.1, and is no part of the public server."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from curation_project import draft_copy, project_copy
from hva_graph.curation.editing.review import Review
from hva_graph.web.curate.app import create_curate_app
from hva_graph.web.curate.guard import BindRefused, check_bind

PORT = 5397
HERE = f"http://127.0.0.1:{PORT}"
KAINUU = "https://w3id.org/hva-graph/id/strategy/kainuu-2023-2025"


@pytest.fixture(scope="module")
def review(tmp_path_factory):
    settings = project_copy(tmp_path_factory.mktemp("project"))
    session = Review(settings, draft_copy(settings, 905))
    yield session
    session.close()


@pytest.fixture
def client(review):
    return create_curate_app(review, PORT, {"TESTING": True}).test_client()


def _token(client, host: str = HERE) -> str:
    page = client.get("/", base_url=host)
    assert page.status_code == 200
    return re.search(r'name="csrf" value="([^"]+)"', page.get_data(as_text=True)).group(1)


@pytest.mark.parametrize("host", [f"127.0.0.1:{PORT}", f"localhost:{PORT}"])
def test_its_own_addresses_are_answered(client, host):
    assert client.get("/", base_url=f"http://{host}").status_code == 200


@pytest.mark.parametrize("host", [f"evil.example:{PORT}", "evil.example", f"127.0.0.1:{PORT + 1}", "127.0.0.1",
                                  f"[::1]:{PORT}", f"192.168.1.20:{PORT}"])
def test_any_other_host_name_is_refused(client, host):
    for answer in (client.get("/", base_url=f"http://{host}"), client.get("/status", base_url=f"http://{host}"),
                   client.post("/change/accept", base_url=f"http://{host}", data={"subject": f"{KAINUU}/goal/1"})):
        assert answer.status_code == 421


def test_a_change_without_the_token_is_refused_and_changes_nothing(client, review):
    before = review.draft.file.read_bytes()
    for data in ({"subject": f"{KAINUU}/goal/1"}, {"subject": f"{KAINUU}/goal/1", "csrf": "guessed"}):
        answer = client.post("/change/accept", base_url=HERE, data=data, headers={"Origin": HERE})
        assert answer.status_code == 403
    assert client.post("/publish", base_url=HERE, headers={"Origin": HERE}).status_code == 403
    assert review.draft.file.read_bytes() == before


def test_another_sessions_token_is_refused(client, review):
    other = create_curate_app(review, PORT, {"TESTING": True}).test_client()
    token = _token(other)
    _token(client)
    answer = client.post("/change/accept", base_url=HERE, data={"subject": f"{KAINUU}/goal/1", "csrf": token},
                         headers={"Origin": HERE})
    assert answer.status_code == 403


@pytest.mark.parametrize("headers", [{"Origin": "http://evil.example"}, {"Origin": "null"},
                                     {"Origin": f"http://127.0.0.1:{PORT + 1}"}, {"Referer": "http://evil.example/page"},
                                     {}])
def test_a_change_from_another_origin_is_refused(client, review, headers):
    before = review.draft.file.read_bytes()
    answer = client.post("/change/accept", base_url=HERE, headers=headers,
                         data={"subject": f"{KAINUU}/goal/1", "csrf": _token(client)})
    assert answer.status_code == 403
    assert review.draft.file.read_bytes() == before


@pytest.mark.parametrize("headers", [{"Origin": HERE}, {"Referer": HERE + "/?edit=x"}])
def test_a_change_from_the_page_itself_is_saved(client, review, headers):
    subject = f"{KAINUU}/value/1"
    answer = client.post("/change/labels", base_url=HERE, headers=headers,
                         data={"subject": subject, "csrf": _token(client), "en": f"Courage ({', '.join(headers)})"})
    assert answer.status_code == 303
    assert f'"Courage ({", ".join(headers)})"@en' in review.draft.file.read_text(encoding="utf-8")


def test_the_session_cookie_is_same_site_strict_and_http_only(client):
    cookie = client.get("/", base_url=HERE).headers["Set-Cookie"]
    assert "SameSite=Strict" in cookie and "HttpOnly" in cookie and f"hva-curate-{PORT}=" in cookie


def test_pages_run_only_this_servers_scripts_and_cannot_be_framed(client):
    page = client.get("/", base_url=HERE)
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "default-src 'none'" in policy
    assert page.headers["X-Frame-Options"] == "DENY" and page.headers["Cache-Control"] == "no-store"
    scripts = re.findall(r"<script([^>]*)>", page.get_data(as_text=True))
    assert scripts and all("src=" in attributes for attributes in scripts), "no inline script"
    assert client.get("/static/curate.js", base_url=HERE).status_code == 200


@pytest.mark.parametrize("host", ["0.0.0.0", "localhost", "::", "::1", "192.168.1.20", ""])
def test_binding_anywhere_but_the_loopback_address_is_refused(host):
    with pytest.raises(BindRefused):
        check_bind(host)
    check_bind("127.0.0.1")


@pytest.mark.served
def test_the_command_refuses_to_listen_on_every_interface():
    command = [str(Path(sys.executable).with_name("hva-graph")), "curate",
               str(Path(__file__).parent / "fixtures" / "curation" / "draft-905"), "--host", "0.0.0.0", "--port", str(PORT)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "127.0.0.1 only" in done.stderr


def test_the_public_server_has_no_review_page(client_of_the_public_app):
    assert client_of_the_public_app.post("/change/accept").status_code in (404, 405)
    assert client_of_the_public_app.get("/status").status_code == 404


@pytest.fixture
def client_of_the_public_app(app):
    return app.test_client()

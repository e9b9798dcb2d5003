"""The web app over HTTP: the report it shows, corrections, renames, downloads, and its defences."""

from __future__ import annotations

import base64
import hashlib
import io
import re
from pathlib import Path

import pandas as pd
import pytest

from analyzer.analyze import analyze_file
from analyzer.config import SAMPLES_DIR
from analyzer.errors import InputError
from analyzer.labelled import read_labelled_csv
from analyzer.readers import read_transcript
from analyzer.reports.html import show_figure
from analyzer.web.app import content_security_policy, is_loopback

from ..reports.helpers import parse, with_attr
from .conftest import TEST_LIMIT, Client

SAMPLE = "team_meeting_mixed.txt"


@pytest.fixture(scope="module")
def sample(client: Client) -> dict:
    """The sample uploaded once; its id, href and the CLI's analysis of the same file."""
    reply = client.upload(SAMPLE, (SAMPLES_DIR / SAMPLE).read_bytes())
    assert reply.status_code == 200, reply.text
    return reply.json() | {"cli": analyze_file(SAMPLES_DIR / SAMPLE)}


def figures_on(page: str) -> dict[tuple[str, str], str]:
    return {(el.attrs["data-speaker"], el.attrs["data-figure"]): el.text
            for el in with_attr(parse(page), "data-figure")}


def test_the_page_shows_the_same_figures_as_analyze(client: Client, sample: dict) -> None:
    page = client.get(sample["href"]).text
    shown = figures_on(page)
    managers = [fig for fig in sample["cli"].speakers if fig["role"] == "manager"]  # staff have no acts
    assert managers
    for fig in managers:
        assert shown[fig["speaker"], "question_to_advice_ratio"] == show_figure(fig, "question_to_advice_ratio")
        assert shown[fig["speaker"], "questions"] == str(fig["questions"])
    conversation = [el for el in with_attr(parse(page), "data-sentence") if "id" in el.attrs]
    assert len(conversation) == len(sample["cli"].sentences)


def test_a_correction_changes_the_figures_and_is_in_the_csv(client: Client, sample: dict) -> None:
    table = sample["cli"].sentences
    index = int(table.index[(table["speaker"] == "Helen Carter") & (table["act"] == "information")][0])
    before = sample["cli"].speakers[0]
    assert before["speaker"] == "Helen Carter"

    reply = client.change(f"{sample['href']}/label", {"sentence": index, "act": "open_question"})

    assert reply.status_code == 200, reply.text
    shown = figures_on(reply.text)
    assert shown["Helen Carter", "questions"] == str(before["questions"] + 1)  # information is not a question
    (row,) = [el for el in parse(reply.text) if el.attrs.get("data-sentence") == str(index)]
    assert (row.attrs["data-act"], row.attrs["data-style"]) == ("open_question", "coaching")
    assert len(with_attr(parse(reply.text), "data-sentence")) < len(table)  # only the changed turn comes back

    csv_reply = client.get(f"{sample['href']}/sentences.csv")
    assert csv_reply.headers["content-disposition"].startswith("attachment;")
    rows = pd.read_csv(io.BytesIO(csv_reply.content), encoding="utf-8-sig", keep_default_na=False)
    assert len(rows) == len(table) and list(rows["text"]) == list(table["text"])
    assert rows.loc[index, ["act", "style", "corrected"]].tolist() == ["open_question", "coaching", 1]
    assert rows["corrected"].sum() == 1
    assert (rows.drop(index)["act"] == table.drop(index)["act"].fillna("")).all()  # staff rows: no act


def test_the_downloaded_csv_is_training_data_as_it_is(client: Client, sample: dict, tmp_path: Path) -> None:
    path = tmp_path / "sentences.csv"
    path.write_bytes(client.get(f"{sample['href']}/sentences.csv").content)
    with pytest.warns(UserWarning, match="other speakers' sentences"):  # said, not silently dropped
        labelled = read_labelled_csv(path)  # the acts: the manager's sentences (staff ones sit in staff_act)
    sentences = sample["cli"].sentences
    assert len(labelled) == int((sentences["role"] == "manager").sum()) > 0
    assert set(labelled["label"]) <= set(sentences["act"]) | {"open_question"}
    assert "corrected" in labelled.columns


def test_the_downloaded_report_is_the_clis_self_contained_page(client: Client, sample: dict) -> None:
    reply = client.get(f"{sample['href']}/report.html")
    assert reply.headers["content-disposition"] == f'attachment; filename="{SAMPLE}.html"'
    page = reply.text
    assert 'id="app"' not in page and "X-Analyzer-Token" not in page  # the CLI's page: no controls, no token
    assert page.startswith("<!doctype html>") and "<svg" in page


def test_renaming_a_speaker_renames_them_everywhere(client: Client, model, nlp) -> None:
    reply = client.upload("rename.txt", (SAMPLES_DIR / SAMPLE).read_bytes())
    href = reply.json()["href"]
    assert client.change(f"{href}/rename", {"names": {"Jas Sandhu": "  Jas  S. "}}).status_code == 200
    page = client.get(href).text
    names = {el.attrs["data-speaker"] for el in with_attr(parse(page), "data-figure")}
    assert "Jas S." in names and "Jas Sandhu" not in names
    sentences = pd.read_csv(io.BytesIO(client.get(f"{href}/sentences.csv").content), encoding="utf-8-sig")
    assert "Jas Sandhu" not in set(sentences["speaker"]) and "Jas S." in set(sentences["speaker"])


def test_an_empty_new_name_is_refused(client: Client, sample: dict) -> None:
    reply = client.change(f"{sample['href']}/rename", {"names": {"Mark Bennett": "  "}})
    assert reply.status_code == 400 and "empty" in reply.json()["error"]


def test_several_uploads_get_the_dashboard_linking_each_report(client: Client, sample: dict) -> None:
    client.upload("coaching.vtt", (SAMPLES_DIR / "coaching_one_to_one.vtt").read_bytes())
    page = client.get("/cohort").text
    links = {el.attrs["href"] for el in parse(page) if el.tag == "a" and el.attrs.get("href", "").startswith("/t/")}
    assert sample["href"] in links and len(links) >= 2


@pytest.mark.parametrize("name", ["coaching_one_to_one.docx", "asr_call_centre_whisper.json",
                                  "coaching_one_to_one.csv", "directive_one_to_one.srt",
                                  "directive_one_to_one_otter.txt", "directive_one_to_one_teams.vtt"])
def test_every_format_analyze_reads_is_read(client: Client, name: str) -> None:
    reply = client.upload(name, (SAMPLES_DIR / name).read_bytes())
    assert reply.status_code == 200, reply.text
    cli = read_transcript(SAMPLES_DIR / name)
    page = client.get(reply.json()["href"]).text
    assert f"{cli.format} transcript" in page


# --- safe by default -----------------------------------------------------------------------

def cli_error(name: str, data: bytes, tmp_path: Path) -> str:
    """What ``analyzer analyze`` says about the same bytes under the same name."""
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_transcript(path)
    return f"{name}: {caught.value.problem}"


@pytest.mark.parametrize(("name", "data"), [
    ("empty.txt", b""), ("song.mp3", b"ID3\x03\x00"), ("latin1.txt", "Zo\xeb: Hello there.".encode("latin-1")),
    ("broken.docx", b"PK\x03\x04 not really a zip"), ("blank.vtt", b"WEBVTT\n\n"),
])
def test_a_bad_file_gets_the_clis_one_line_error(client: Client, name: str, data: bytes, tmp_path: Path) -> None:
    reply = client.upload(name, data)
    assert reply.status_code == 400
    assert reply.json()["error"] == cli_error(name, data, tmp_path)
    assert "\n" not in reply.json()["error"]


def test_uploads_over_the_limit_are_refused_with_the_readers_words(client: Client) -> None:
    big = b"Sam: hello there.\n" * (TEST_LIMIT // 18 + 2**14)
    reply = client.upload("huge.txt", big)
    assert reply.status_code == 413
    assert reply.json()["error"] == "huge.txt: is 1 MB, too large for a transcript (the limit is 1 MB)"

    streamed = client.post("/upload", params={"name": "huge.txt"}, content=iter([big[:2**19]] * 3),
                           headers={"X-Analyzer-Token": client.token})  # chunked: no length given
    assert streamed.status_code == 413
    assert streamed.json()["error"] == "huge.txt: is more than 1 MB, too large for a transcript (the limit is 1 MB)"


@pytest.mark.parametrize("token", ["", "wrong"])
def test_changes_without_the_token_are_refused(client: Client, sample: dict, token: str) -> None:
    headers = {"X-Analyzer-Token": token} if token else {}
    before = client.get(f"{sample['href']}/sentences.csv").content
    for path, body in ((f"{sample['href']}/label", {"sentence": 0, "act": "advice"}),
                       (f"{sample['href']}/rename", {"names": {"Helen Carter": "X"}})):
        assert client.post(path, json=body, headers=headers).status_code == 403
    assert client.post("/upload", params={"name": "a.txt"}, content=b"Sam: Hi.", headers=headers).status_code == 403
    assert client.get(f"{sample['href']}/sentences.csv").content == before


def test_a_request_from_another_site_is_refused_even_with_the_token(client: Client, sample: dict) -> None:
    reply = client.post(f"{sample['href']}/label", json={"sentence": 0, "act": "advice"},
                        headers={"X-Analyzer-Token": client.token, "Origin": "https://evil.example"})
    assert reply.status_code == 403


def test_a_page_asked_for_under_another_host_name_is_refused(client: Client) -> None:
    """A site that points its own name at 127.0.0.1 (DNS rebinding) must not read the reports."""
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"Host": "localhost:8765"}).status_code == 200


def test_loopback_hosts() -> None:
    assert all(map(is_loopback, ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"]))
    assert not any(map(is_loopback, ["0.0.0.0", "192.168.1.4", "example.org", "::"]))


def script_hashes(page: str) -> set[str]:
    return {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
            for s in re.findall(r"<script>(.*?)</script>", page, re.S)}


@pytest.mark.parametrize("path", ["/", "report", "/cohort"])
def test_every_page_forbids_loading_anything_from_anywhere(client: Client, sample: dict, path: str) -> None:
    reply = client.get(sample["href"] if path == "report" else path)
    policy = dict(part.strip().split(" ", 1) for part in reply.headers["content-security-policy"].split(";"))
    assert policy["default-src"] == "'none'"
    assert set(policy["script-src"].split()) == script_hashes(reply.text)  # only the page's own scripts
    assert policy["connect-src"] == "'self'" and policy["img-src"] == "data:" and policy["frame-ancestors"] == "'none'"
    for el in parse(reply.text):
        for attr in ("src", "href", "action", "xlink:href"):
            value = el.attrs.get(attr, "")
            assert not re.match(r"\s*(\w+:|//)", value), (el.tag, attr, value)  # no scheme, no other host
    assert reply.headers["cache-control"] == "no-store" and reply.headers["x-content-type-options"] == "nosniff"


def test_the_policy_has_no_script_source_when_a_page_has_no_script() -> None:
    assert "script-src" not in content_security_policy("<p>no scripts</p>")


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_transcript_text_and_names_are_escaped_everywhere(client: Client) -> None:
    transcript = (f"Ann: Why did the {HOSTILE} fail?\nSam: Tell them to {HOSTILE} now.\n").encode()
    reply = client.upload(f"{HOSTILE}.txt", transcript)
    assert reply.status_code == 200, reply.text
    href = reply.json()["href"]
    renamed = client.change(f"{href}/rename", {"names": {"Ann": HOSTILE, "Sam": HOSTILE + " & 2"}})
    assert renamed.status_code == 200
    pages = [client.get(href).text, client.get("/").text, client.get("/cohort").text,
             client.get(f"{href}/report.html").text,
             client.change(f"{href}/label", {"sentence": 0, "act": "advice"}).text]
    for page in pages:
        assert "<script>alert" not in page and "<img src=x" not in page
        assert page.count("<script>") == 1
    elements = parse(pages[0])  # shown as text: the parser gives back exactly what was said
    assert {HOSTILE, HOSTILE + " & 2"} <= {el.attrs.get("data-speaker") for el in elements}
    assert any(el.text == f"Why did the {HOSTILE} fail?" for el in elements if el.attrs.get("class") == "text")


def test_a_bug_is_one_line_without_a_traceback(client: Client, sample: dict, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise KeyError("Why did the launch slip?")  # a transcript's words must not reach the terminal

    monkeypatch.setattr("analyzer.web.session.correct_label", broken)
    reply = client.change(f"{sample['href']}/label", {"sentence": 0, "act": "advice"})
    assert reply.status_code == 500
    pattern = r"internal error KeyError at test_app\.py:\d+ \(set ANALYZER_DEBUG=1 .*\)"
    assert re.fullmatch(pattern, reply.json()["error"])
    printed = capsys.readouterr()
    assert "launch" not in printed.err + printed.out and "Traceback" not in printed.err

"""Every HTML page the console answers in these tests is read for what a screen reader needs
(console_a11y_markup, issue 35 item 2): a page that lacks it fails the request that got it, naming
the page and what is missing. The tests render the console's pages in passing, so every page they
reach is checked, at no cost of its own."""
import pytest

from award_console.app import Console

from console_a11y_markup import problems


@pytest.fixture(autouse=True)
def every_page_read_for_screen_readers(monkeypatch):
    answer = Console.__call__

    def checked(self, environ, start_response):
        headers = {}

        def start(status, response_headers, exc_info=None):
            headers.update((k.lower(), v) for k, v in response_headers)
            headers[":status"] = status
            return start_response(status, response_headers, exc_info)
        answered = answer(self, environ, start)
        try:
            body = b"".join(answered)
        finally:
            if hasattr(answered, "close"):
                answered.close()
        # a redirect's body (werkzeug's English stub) is never shown: the browser follows it
        if headers.get("content-type", "").startswith("text/html") and not headers[":status"].startswith("3"):
            found = problems(body.decode("utf-8"))
            assert not found, f"{environ['REQUEST_METHOD']} {environ['PATH_INFO']}: {found}"
        return [body]

    monkeypatch.setattr(Console, "__call__", checked)

"""Opens a service's API reference page (``/docs``) in headless Chromium, waits until Redoc has
rendered it, and prints as JSON what the page showed (the API's title as Redoc drew it, the
operation summaries in its menu, what its search found), every response the browser received
(url -> status, content type) and what the browser's console said (a policy violation is
logged there). Run by tests/test_api_docs.py in its own process."""
import json
import sys
import time

from award_testing.browser import WebDriver

RENDERED = """
const title = document.querySelector('.api-info h1');
const menu = [...document.querySelectorAll('.menu-content label')].map(label =>
  [...label.children].filter(e => !e.classList.contains('operation-type')).map(e => e.textContent).join('').trim());
return {title: title ? title.textContent.trim() : null, menu: menu.filter(Boolean),
        text: document.body.innerText.slice(0, 2000)};
"""
FOUND = """return [...document.querySelectorAll('[data-role="search:results"] [role="menuitem"]')]
  .map(e => e.getAttribute('aria-label'));"""


def main(url, wait_for_summary):
    driver = WebDriver()
    try:
        driver.do("POST", "/window/rect", {"width": 1280, "height": 900})  # the menu beside the text
        driver.do("POST", "/url", {"url": url})
        seen = {"page_title": driver.do("GET", "/title")}
        for _ in range(300):  # Redoc fetches the document and draws it after the page loaded
            seen.update(driver.script(RENDERED))
            if seen["title"] and wait_for_summary in seen["menu"]:
                break
            time.sleep(0.1)
        # Redoc's search runs in a Web Worker (made from a blob: URL): search for the summary's
        # longest word and read the operations it finds
        box = driver.do("POST", "/element", {"using": "css selector", "value": ".menu-content input"})
        driver.do("POST", f"/element/{next(iter(box.values()))}/value",
                  {"text": max(wait_for_summary.split(), key=len)})
        for _ in range(100):
            seen["found"] = driver.script(FOUND)
            if seen["found"]:
                break
            time.sleep(0.1)
        seen["console"] = driver.console()
        responses = driver.responses()
        seen["responses"] = {where: [status, headers.get("content-type"), kind]
                             for where, (status, headers, kind) in responses.items()}
        seen["document_headers"] = responses[url][1] if url in responses else None
    finally:
        driver.quit()
    print(json.dumps(seen, ensure_ascii=False))


if __name__ == "__main__":
    main(*sys.argv[1:])

"""Issue 35, item 2 in real Chromium: what the one-edition walk (console_walk_browser.py) checks on
the pages it passes, in its own browser session (no sign-in or service of its own):

- **widths**: at a phone's 390 px and a laptop's 1366 px the page has no horizontal scroll
  (``scrollWidth <= innerWidth``) and no element reaches past the viewport's edges, unless it is
  inside a container that scrolls it (a wide table scrolls in its own box, which must fit);
- **contrast**: every element with text, its computed colour against its effective background
  (the nearest ancestors' backgrounds, composited), at least 4.5:1, 3:1 for large text (24 px, or
  18.66 px bold) — WCAG 2.1, 1.4.3;
- **keyboard**: Tab from the top focuses every link, input, select, textarea and button in
  document order (and a box Chromium tabs to because it scrolls), the skip link first and shown
  when focused, each with a visible focus indicator (an outline or a box-shadow), an outline at
  least 3:1 against what it is drawn on (WCAG 2.1, 1.4.11); the form is then submitted from its
  button by Enter or Space.

Each check answers a list of problems, each naming the element by a short selector: empty is a
pass. The walk gathers them; its test asserts none."""
import base64

#: a short CSS path of an element, for the reports
SELECTOR = """
function sel(el) {
  const parts = [];
  for (let n = el; n && n.nodeType === 1 && n !== document.documentElement && parts.length < 4; n = n.parentElement) {
    let s = n.tagName.toLowerCase();
    if (n.id) { parts.unshift(s + '#' + n.id); break; }
    if (n.classList.length) s += '.' + [...n.classList].join('.');
    const same = n.parentElement ? [...n.parentElement.children].filter(c => c.tagName === n.tagName) : [];
    if (same.length > 1) s += ':nth-of-type(' + (same.indexOf(n) + 1) + ')';
    parts.unshift(s);
  }
  return parts.join(' > ');
}
"""

#: what overflows the viewport at the window's present width
LAYOUT = SELECTOR + """
const width = window.innerWidth, problems = [];
const root = document.documentElement;
if (root.scrollWidth > width) problems.push('the page scrolls sideways: ' + root.scrollWidth + ' px wide in ' + width);
function scroller(el) {  // the nearest ancestor that scrolls (or clips) its content sideways
  for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
    if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return p;
  }
  return null;
}
for (const el of document.body.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  if (!r.width || !r.height || r.right <= 0) continue;  // off the screen on purpose: the skip link until focused
  if (r.right <= width + 0.5 && r.left >= -0.5) continue;
  if (scroller(el)) continue;  // scrolled inside its own box (that box is checked as an element too)
  problems.push(sel(el) + ' overflows: ' + Math.round(r.left) + '..' + Math.round(r.right) + ' px of ' + width);
}
const scrolling = [...document.body.querySelectorAll('*')].filter(
  el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth).map(sel);
return {problems: problems, scrolling: scrolling};
"""

#: colours as computed styles give them, composited, and their contrast (WCAG 2.1)
COLOURS = """
function rgba(text) {
  const m = /^rgba?\\(([^)]+)\\)$/.exec(text);
  if (!m) return null;
  const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(parseFloat);
  return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
}
function over(top, bottom) { return [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]); }
function background(el) {
  const layers = [];
  for (let n = el; n; n = n.parentElement) {
    const c = rgba(getComputedStyle(n).backgroundColor);
    if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
  }
  return layers.reduceRight((below, layer) => over(layer, below), [255, 255, 255, 1]);
}
function luminance(c) {
  const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
"""

#: every text's contrast against what is behind it
CONTRAST = SELECTOR + COLOURS + """
const elements = new Set(document.body.querySelectorAll('input:not([type=hidden]), select, textarea'));
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let t = walker.nextNode(); t; t = walker.nextNode()) {
  if (t.textContent.trim() && t.parentElement) elements.add(t.parentElement);
}
const problems = [];
let checked = 0;
for (const el of elements) {
  if (!el.checkVisibility({visibilityProperty: true}) || ['OPTION', 'SCRIPT', 'STYLE'].includes(el.tagName)) continue;
  const style = getComputedStyle(el);
  const bg = background(el), fg = over(rgba(style.color) || [0, 0, 0, 1], bg);
  const ratio = contrast(fg, bg);
  const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
  const needed = size >= 24 || (size >= 18.66 && bold) ? 3 : 4.5;
  checked++;
  if (ratio < needed) {
    problems.push(sel(el) + ' ' + ratio.toFixed(2) + ':1 (needs ' + needed + ':1): ' + style.color + ' on rgb('
                  + bg.slice(0, 3).map(Math.round).join(', ') + ')');
  }
}
return {problems: problems, checked: checked};
"""

#: what Tab should reach, in document order, and a log of what it does reach
KEYBOARD_SETUP = SELECTOR + COLOURS + """
function ring(el, style, r) {  // the outline's contrast with what it is drawn on (WCAG 2.1, 1.4.11: 3:1)
  const colour = rgba(style.outlineColor);
  if (style.outlineStyle === 'none' || !(parseFloat(style.outlineWidth) > 0) || !colour) return null;
  const away = (parseFloat(style.outlineOffset) || 0) + parseFloat(style.outlineWidth) / 2;
  const x = r.left - away >= 0 ? r.left - away : r.right + away, y = r.top + r.height / 2;
  // what is under the ring where it is drawn (the skip link lies over the header), else its parent
  const under = (x < window.innerWidth && y >= 0 && y < window.innerHeight
                 && document.elementsFromPoint(x, y).find(n => n !== el && !el.contains(n))) || el.parentElement;
  const behind = background(under);
  return contrast(over(colour, behind), behind);
}
window.__focused = [];
document.addEventListener('focusin', event => {
  const el = event.target, style = getComputedStyle(el), r = el.getBoundingClientRect();
  window.__focused.push({el: sel(el), skip: el.classList.contains('skip'), ring: ring(el, style, r),
    indicator: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none',
    shown: r.width > 0 && r.right > 0 && r.left < window.innerWidth});
}, true);
const radios = new Set(), focusable = 'a[href], button, input, select, textarea, [tabindex]';
function scroller(el) {  // a box that scrolls what it holds and holds nothing focusable: Chromium tabs to it
  const x = getComputedStyle(el).overflowX;
  return ['auto', 'scroll'].includes(x) && el.scrollWidth > el.clientWidth && !el.querySelector(focusable);
}
return [...document.body.querySelectorAll('*')].filter(el => {
  if (!el.matches(focusable)) return scroller(el);
  if (el.disabled || el.type === 'hidden' || el.tabIndex < 0 || !el.checkVisibility()) return false;
  if (el.type === 'radio') { if (radios.has(el.form + el.name)) return false; radios.add(el.form + el.name); }
  return true;
}).map(sel);
"""

TAB, SHIFT, ENTER, SPACE = "\ue004", "\ue008", "\ue007", " "
WIDTHS = {"phone": (390, 844), "laptop": (1366, 768)}
SHOT_SIZE = (900, 900)  # the screenshots' window (docs/console.md)


def keys(driver, *values, shift=False):
    """Presses each key once, in one request; with ``shift`` held down throughout."""
    actions = [{"type": "keyDown", "value": SHIFT}] if shift else []
    for value in values:
        actions += [{"type": "keyDown", "value": value}, {"type": "keyUp", "value": value}]
    if shift:
        actions.append({"type": "keyUp", "value": SHIFT})
    driver.do("POST", "/actions", {"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})


def resize(driver, size):
    driver.do("POST", "/window/rect", {"width": size[0], "height": size[1]})


def page_problems(driver, phone_shot=None):
    """The page at a phone's and a laptop's width, and its text's contrast; the window is left at
    the screenshots' size. Answers the problems, and what was measured: how many texts had their
    contrast, which boxes scroll sideways at the phone's width. With ``phone_shot``, a path: the
    page's screenshot at the phone's width goes there."""
    problems, measured = [], {}
    for name, size in WIDTHS.items():
        resize(driver, size)
        layout = driver.script(LAYOUT)
        problems += [f"{name} {size[0]} px: {p}" for p in layout["problems"]]
        if name == "phone":  # colours do not change with the width: once
            contrast = driver.script(CONTRAST)
            problems += [f"contrast: {p}" for p in contrast["problems"]]
            measured = {"texts": contrast["checked"], "scrolling": layout["scrolling"]}
            if phone_shot:
                with open(phone_shot, "wb") as fh:
                    fh.write(base64.b64decode(driver.do("GET", "/screenshot")))
    resize(driver, SHOT_SIZE)
    return problems, measured


def tab_through(driver, submit_css=None, key=ENTER):
    """From the top of a freshly loaded page, Tab through every focusable element, then back
    (Shift+Tab) to ``submit_css`` (if given) and press ``key`` on it. Answers the problems found
    and what Tab reached; the form is submitted by the key alone."""
    expected = driver.script(KEYBOARD_SETUP)
    # one press per element; an input of several parts (a date's year, month, day) takes more
    presses = 0
    while len(driver.script("return window.__focused")) < len(expected) and presses < 3 * len(expected):
        keys(driver, *[TAB] * (len(expected) - len(driver.script("return window.__focused"))))
        presses += 1
    focused = driver.script("return window.__focused")
    reached = [f["el"] for f in focused]
    problems = []
    if reached != expected:
        problems.append(f"Tab order {reached} is not the document's {expected}")
    if not focused or not focused[0]["skip"]:
        problems.append(f"the first Tab stop is {reached[:1]}, not the skip link")
    problems += [f"{f['el']}: no visible focus indicator" for f in focused if not f["indicator"]]
    problems += [f"{f['el']}: focus outline {f['ring']:.2f}:1 against what is around it (needs 3:1)"
                 for f in focused if f["ring"] is not None and f["ring"] < 3]
    problems += [f"{f['el']}: focused off the screen" for f in focused if not f["shown"]]
    if submit_css is None:
        return problems, reached
    target = driver.script(SELECTOR + "return sel(document.querySelector(arguments[0]))", submit_css)
    if target not in reached:
        return problems + [f"Tab never reached {submit_css}"], reached
    back = 0
    while driver.script(SELECTOR + "return sel(document.activeElement)") != target and back < 3 * len(expected):
        keys(driver, TAB, shift=True)
        back += 1
    keys(driver, key)
    return problems, reached


#: a page with one fault of each kind the checks look for, so that a check that stopped seeing
#: them (a browser's change, a script's slip) fails the walk instead of passing everything
FAULTS = ("data:text/html;charset=utf-8,<!doctype html><html lang='zh-CN'><head>"
          "<meta name='viewport' content='width=device-width, initial-scale=1'></head><body style='margin:0'>"
          "<a class='skip' href='%23m'>跳到正文</a><main id='m'>"
          "<p id='pale' style='color:%23aaa'>浅灰色的字</p>"
          "<div id='wide' style='width:600px'>宽于手机的块</div>"
          "<div style='overflow-x:auto'><table><tr><td style='white-space:nowrap'>" + "在自己的框内滚动的表格" * 8
          + "</td></tr></table></div>"
          "<input id='plain' aria-label='无焦点样式' style='outline:none'>"
          "<style>%23faint:focus{outline:3px solid %23e0a800;outline-offset:2px}</style>"
          "<input id='faint' aria-label='浅色焦点框'>"
          "<input id='first' aria-label='插队' tabindex='1'></main></body></html>")


def faults_found(driver):
    """What the checks find on ``FAULTS``: they must name each fault, and only those."""
    driver.do("POST", "/url", {"url": FAULTS})
    problems, _ = page_problems(driver)
    keyboard, _ = tab_through(driver)
    return problems + keyboard

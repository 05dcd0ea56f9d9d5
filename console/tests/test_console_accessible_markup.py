"""Issue 35, item 2: what a screen reader needs of the console's markup (console_a11y_markup).
conftest.py reads every page the console's tests are answered; here the reader is shown to find
what it looks for, and every action form (most are posted in no other test) is read in the
layout, as it comes and with a refusal beside its first field. No service runs."""
import pytest

from award_console.actions import ACTIONS, render_form
from award_console.html import error_box, layout

from console_a11y_markup import problems

USER = {"name": "测试用户", "roles": ["office"]}


def page(body, **kwargs):
    return layout("标题", body, user=USER, csrf="token", **kwargs).get_data(as_text=True)


def test_a_page_of_the_layout_has_what_a_screen_reader_needs():
    assert problems(page("<p>正文</p>")) == []
    assert problems(layout("登录", "<p>请登录</p>").get_data(as_text=True)) == []  # signed out: no user


@pytest.mark.parametrize("body, found", [
    ('<input type="text" id="x" name="x">', '<input id="x" name="x" type="text"> has no label'),
    ('<label for="y">名称</label><select id="x"></select>', '<select id="x"> has no label'),
    ("<textarea name=t></textarea>", '<textarea name="t"> has no label'),
    ('<a href="/next"> </a>', '<a href="/next"> has no accessible text'),
    ("<button></button>", "<button> has no accessible text"),
    ('<input type="submit" value="">', '<input type="submit"> has no accessible text'),
    ('<img src="/logo.png">', "<img> has no alt"),
    ("<h1>又一个</h1>", "2 <h1> elements, not 1"),
    ('<p id="main">重复</p>', 'id "main" is used 2 times'),
    ('<input id="x" aria-describedby="err-x" aria-label="名称">', 'aria-describedby="err-x" names no element'),
    ('<a href="#h-none">跳到</a>', 'href="h-none" names no element'),
])
def test_the_reader_names_what_is_missing(body, found):
    assert found in problems(page(body))


@pytest.mark.parametrize("body", [
    '<label>名称 <input type="text" name="x"></label>',
    '<input type="text" aria-label="名称">',
    '<span id="n">名称</span><input type="text" aria-labelledby="n">',
    '<a href="/"><img src="/logo.png" alt="首页"></a>',
    '<button aria-label="关闭"></button>',
])
def test_the_ways_a_control_is_named_are_taken(body):
    assert problems(page(body)) == []


def test_no_lang_main_or_nav_is_named():
    assert problems("<html><body><h1>标题</h1></body></html>") == [
        '<html lang="None">, not zh-CN', "0 <main> elements, not 1", "no <nav> landmark"]


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_every_action_form_is_named_for_a_screen_reader(name):
    action = ACTIONS[name]
    params = {p: "x" for p in action.params}
    assert problems(page(render_form(action, params, "token"))) == []
    named = [f for f in action.fields if f.kind != "declarations"]
    if named:  # a refusal beside the field, tied to its input
        error = {"message": "未能完成", "fields": {named[0].key: "必填"}, "unplaced": [("other", "说明")]}
        refused = page(error_box(error) + render_form(action, params, "token", {}, error))
        assert problems(refused) == [] and f'aria-describedby="err-{named[0].name}"' in refused

"""Gate ``thirdparty``: what a built page loads, read with its line (no build needed)."""

from __future__ import annotations

from pathlib import Path

from hdhkb.check.thirdparty import foreign, resources

PAGE = """<!DOCTYPE html>
<html lang="fr"><head>
<link rel="stylesheet" href="https://cdn.example/a.css">
<link rel="alternate" hreflang="en" href="https://other.example/en/">
<link rel="canonical" href="https://kb.example/fr/">
<link rel="preload icon" href="//fonts.example/f.woff2">
<style>
body { background: url("https://img.example/bg.png"); }
@import "https://css.example/more.css";
</style>
<script src="https://cdn.example/mathjax.js"></script>
</head><body>
<a href="https://elsewhere.example/">a link loads nothing</a>
<img alt="" src="images/local.png"
     srcset="images/a.png 1x, https://img.example/b.png 2x">
<p style="background-image: url(https://img.example/p.png)">x</p>
<iframe title="t" src="https://video.example/embed/1"></iframe>
<video poster="https://img.example/poster.jpg"></video>
<object data="https://obj.example/o.swf"></object>
<svg><image href="https://img.example/s.png"></image><use xlink:href="#local"></use></svg>
<img alt="" src="data:image/png;base64,AAAA">
</body></html>
"""


def test_every_kind_of_loader_with_its_line(tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    found = sorted(resources(page))
    assert found == sorted([
        (3, "<link href>", "https://cdn.example/a.css"),
        (6, "<link href>", "//fonts.example/f.woff2"),
        (8, "<style>", "https://img.example/bg.png"),
        (9, "<style>", "https://css.example/more.css"),
        (11, "<script src>", "https://cdn.example/mathjax.js"),
        # a start tag over two lines: libxml2 gives the line where it ends
        (15, "<img src>", "images/local.png"),
        (15, "<img srcset>", "images/a.png"),
        (15, "<img srcset>", "https://img.example/b.png"),
        (16, "<p style>", "https://img.example/p.png"),
        (17, "<iframe src>", "https://video.example/embed/1"),
        (18, "<video poster>", "https://img.example/poster.jpg"),
        (19, "<object data>", "https://obj.example/o.swf"),
        (20, "<image href>", "https://img.example/s.png"),
        (20, "<use xlink:href>", "#local"),
        (21, "<img src>", "data:image/png;base64,AAAA"),
    ])
    base = "https://kb.example/"
    assert {url for _, _, url in found if foreign(url, base)} == {
        url for _, _, url in found if "example/" in url and "kb.example" not in url}


def test_a_stylesheet_is_read_for_urls_and_imports(tmp_path: Path):
    css = tmp_path / "site.css"
    css.write_text('a { }\n@import url(https://fonts.example/x.css);\n'
                   'b { background: url(img/x.png) }\n', encoding="utf-8")
    assert resources(css) == [(2, "stylesheet", "https://fonts.example/x.css"),
                              (3, "stylesheet", "img/x.png")]

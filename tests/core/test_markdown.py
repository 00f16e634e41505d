from eig.core.markdown import markdown_to_safe_html


def test_markdown_keeps_structure_and_links_and_drops_everything_else():
    html = markdown_to_safe_html(
        "# Titre\n\nTexte **gras** et *italique*. [lien](https://exemple.fr) "
        "[piège](javascript:alert(1))\n\n- un\n- deux\n\n> cité\n\n"
        '<script>alert(1)</script>\n\n<img src="x" onerror="alert(1)">\n\n![image](https://x.fr/i.png)'
        "\n\n###### petit titre\n"
    )

    assert "<h2>Titre</h2>" in html  # the page's title is its only h1
    assert "<h4>petit titre</h4>" in html
    assert "<strong>gras</strong>" in html
    assert "<em>italique</em>" in html
    assert '<a href="https://exemple.fr" rel="noopener noreferrer">lien</a>' in html
    assert "javascript" not in html
    assert "<ul>" in html
    assert "<blockquote>" in html
    assert "<script" not in html
    assert "alert" not in html
    assert "<img" not in html
    assert "i.png" not in html


def test_empty_markdown_gives_nothing():
    assert markdown_to_safe_html("  \n") == ""

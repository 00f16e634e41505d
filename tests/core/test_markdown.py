import re

from eig.core.markdown import markdown_to_safe_html


def test_markdown_keeps_structure_and_links_and_drops_everything_else():
    html = markdown_to_safe_html(
        "# Titre\n\nTexte **gras** et *italique*. [lien](https://exemple.fr) "
        "[piège](javascript:alert(1))\n\n- un\n- deux\n\n> cité\n\n"
        '<script>alert(1)</script>\n\n<img src="x" onerror="alert(1)">\n\n![image](https://x.fr/i.png)'
        "\n\n###### petit titre\n"
    )

    assert "<h2>Titre</h2>" in html  # the page's title is its only h1
    assert "<h3>petit titre</h3>" in html  # one level below the heading before it
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


def headings(html: str) -> list[str]:
    return re.findall(r"<(h[1-6])>([^<]*)</h[1-6]>", html)


def test_the_highest_heading_becomes_h2_and_levels_never_skip():
    html = markdown_to_safe_html(
        "#### L’administration porteuse\n\n### Le service\n\nTexte.\n\n"
        "## Le défi\n\n#### La problématique\n\n###### Détail\n\n#### Les besoins\n"
    )

    assert headings(html) == [
        ("h2", "L’administration porteuse"),
        ("h2", "Le service"),
        ("h2", "Le défi"),
        ("h3", "La problématique"),  # was h4 right after an h2: no level is skipped
        ("h4", "Détail"),
        ("h3", "Les besoins"),  # a sibling of "La problématique" again
    ]


def test_a_description_starting_at_h3_starts_at_h2():
    html = markdown_to_safe_html("### Un\n\n#### Deux\n\n### Trois\n")

    assert headings(html) == [("h2", "Un"), ("h3", "Deux"), ("h2", "Trois")]


def test_no_mailto_and_no_relative_link_but_their_text_stays():
    html = markdown_to_safe_html(
        "Écrire [à l’équipe](mailto:equipe@exemple.fr), voir [les candidats](/participer/) "
        "et [l’image](/img/a.png), [plus haut](#haut) ou [le site](https://exemple.fr/)."
    )

    assert "mailto" not in html
    assert "exemple.fr/" in html
    assert 'href="/' not in html
    assert 'href="#' not in html
    assert html.count("<a ") == 1
    assert "à l’équipe" in html
    assert "voir les candidats et l’image, plus haut ou" in html

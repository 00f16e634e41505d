"""Run axe-core (shipped inside the axe-playwright-python package) on a page."""

from axe_playwright_python.sync_playwright import Axe

BLOCKING_IMPACTS = {"serious", "critical"}
_axe = Axe()


def assert_accessible(page) -> None:
    """Fail on any serious or critical axe violation of the page once it has settled.

    DSFR dialogs and menus fade in: measured mid-transition, their text has a
    contrast it never has for a reader, so axe waits for CSS animations to end.
    """
    page.wait_for_function(
        "() => document.getAnimations().every(animation => animation.playState !== 'running')"
    )
    results = _axe.run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    details = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
        for v in blocking
    )
    assert not blocking, f"axe: violations graves sur {page.url}\n{details}"

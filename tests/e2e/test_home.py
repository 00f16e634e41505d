from playwright.sync_api import expect

from tests.e2e.accessibility import assert_accessible


def test_a_visitor_reads_the_home_page(page, live_server):
    page.goto(live_server.url)
    expect(page.get_by_role("banner")).to_contain_text("Entrepreneur·es d’intérêt général")
    assert_accessible(page)

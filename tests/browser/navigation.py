"""Clicks that load a new page.

Playwright's click returns once the click is dispatched, not once the next page
has arrived, so a check straight after it can read the old page. Every click that
follows a link or submits a form goes through press()."""


def press(locator) -> None:
    with locator.page.expect_navigation():
        locator.click()

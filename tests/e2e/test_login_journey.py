import pytest

from organizations.tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    ("username", "section"),
    [
        ("admin", "home-admin"),
        ("kepala", "home-head"),
        ("pegawai", "home-employee"),
        ("inspektur", "home-inspector"),
    ],
)
def test_each_role_logs_in_and_sees_its_home(page, login, world, username, section):
    login(page, username, DEFAULT_PASSWORD)
    assert page.locator(f"[data-testid={section}]").is_visible()
    assert page.locator("html").get_attribute("lang") == "id"
    page.click("button.dropdown-toggle")
    page.click("[data-testid=logout]")
    page.wait_for_load_state()
    assert "/akun/masuk/" in page.url


def test_wrong_password_stays_on_login_with_message(page, login, world):
    login(page, "kepala", "bukan-sandinya")
    assert "/akun/masuk/" in page.url
    assert page.locator(".alert-danger, .invalid-feedback, .errorlist").first.is_visible()


def test_home_works_on_a_phone_and_switches_to_english(mobile_page, login, world):
    login(mobile_page, "pegawai", DEFAULT_PASSWORD)
    assert mobile_page.locator("[data-testid=home-employee]").is_visible()
    mobile_page.click("button.navbar-toggler")
    with mobile_page.expect_navigation():
        mobile_page.select_option("#language-select", "en")
    assert mobile_page.locator("html").get_attribute("lang") == "en"
    assert "Welcome" in mobile_page.locator("h1").inner_text()


def test_api_docs_and_home_run_under_the_content_security_policy(
    page, login, live_server, world, csp_violations
):
    from playwright.sync_api import expect

    login(page, "admin", DEFAULT_PASSWORD)
    page.click("button.dropdown-toggle")  # Bootstrap's dropdown: its script ran
    expect(page.locator("[data-testid=logout]")).to_be_visible()
    page.goto(f"{live_server.url}/api/v1/docs/")
    # Swagger UI, started by static/js/swagger-init.js, read the schema and drew it.
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("WFA Portal API")
    expect(page.locator(".opblock-tag").first).to_be_visible()
    assert csp_violations == []

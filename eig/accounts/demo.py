"""Demo accounts: the people a newcomer can sign in as in demo mode.

Every demo account's e-mail ends with ``@`` + DEMO_EMAIL_DOMAIN; the demo pages
list and sign in only those accounts, whatever the URL asks.
"""

DEMO_EMAIL_DOMAIN = "demo.eig.beta.gouv.fr"


def demo_email(local_part: str) -> str:
    return f"{local_part}@{DEMO_EMAIL_DOMAIN}"


def is_demo_email(email: str) -> bool:
    return email.lower().endswith(f"@{DEMO_EMAIL_DOMAIN}")

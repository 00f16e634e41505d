"""Serve a local OpenID Connect provider standing in for ProConnect (development only).

``make run`` starts it next to the site. Its sign-in page offers one identity per
demo account that signs in with ProConnect (agents with their administration's
SIRET, reviewers, coaches, the programme team), plus two newcomers: one whose
SIRET is known (attached at first sign-in) and one whose SIRET is not.
"""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from eig.accounts.models import User
from eig.accounts.selectors import demo_proconnect_users, siret_of
from eig.organisations.models import Organisation

NEWCOMER_EMAIL = "nouvel.agent@exemple.gouv.fr"
UNKNOWN_SIRET_EMAIL = "agent.sans.rattachement@exemple.gouv.fr"
UNKNOWN_SIRET = "11000201100044"


def claims_for(user: User) -> dict[str, Any]:
    """ProConnect's claims for an account of the database."""
    claims: dict[str, Any] = {
        "email": user.email,
        "given_name": user.first_name,
        "usual_name": user.last_name,
    }
    siret = siret_of(user)
    if siret:
        claims["siret"] = siret
    return claims


def local_identities() -> list[Any]:
    """The predefined identities of the local provider, as oidc-provider-mock users."""
    import oidc_provider_mock  # a development dependency: imported only when this runs

    identities = [
        oidc_provider_mock.User(sub=user.proconnect_sub or user.email, claims=claims_for(user))
        for user in demo_proconnect_users()
    ]
    known = Organisation.objects.exclude(siret=None).order_by("name").first()
    if known is not None:
        identities.append(
            oidc_provider_mock.User(
                sub=NEWCOMER_EMAIL,
                claims={
                    "email": NEWCOMER_EMAIL,
                    "given_name": "Camille",
                    "usual_name": "Nouvelle",
                    "siret": known.siret,
                },
            )
        )
    identities.append(
        oidc_provider_mock.User(
            sub=UNKNOWN_SIRET_EMAIL,
            claims={
                "email": UNKNOWN_SIRET_EMAIL,
                "given_name": "Dominique",
                "usual_name": "Inconnue",
                "siret": UNKNOWN_SIRET,
            },
        )
    )
    return identities


class Command(BaseCommand):
    help = "Lance un fournisseur OpenID Connect local qui remplace ProConnect (développement)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=9400)
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEVELOPMENT:
            raise CommandError(
                "Le fournisseur local ne sert qu’en développement (EIG_DEVELOPMENT=1)."
            )
        try:
            import oidc_provider_mock
            from werkzeug.serving import run_simple
        except ImportError as error:
            raise CommandError(
                "oidc-provider-mock n’est pas installé : lancez « make install »."
            ) from error
        identities = local_identities()
        app = oidc_provider_mock.app(user_claims=identities, require_nonce=True)
        self.stdout.write(
            f"Fournisseur OpenID Connect local sur http://{options['host']}:{options['port']} "
            f"— identités proposées :"
        )
        for identity in identities:
            self.stdout.write(f"  - {identity.sub} (SIRET {identity.claims.get('siret', '—')})")
        run_simple(options["host"], options["port"], app, threaded=True, use_reloader=False)

"""Account reads shared by pages, the OIDC backend and commands."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from eig.accounts.demo import DEMO_EMAIL_DOMAIN
from eig.accounts.enums import PROCONNECT_ROLES, Role
from eig.accounts.models import User
from eig.organisations.models import Membership, Organisation


def user_for_proconnect(*, sub: str, email: str, lock: bool = False) -> User | None:
    """The account of a ProConnect identity: by identifier first, then by e-mail."""
    users = User.objects.select_for_update(of=("self",)) if lock else User.objects.all()
    if sub:
        user = users.filter(proconnect_sub=sub).first()
        if user is not None:
            return user
    return users.filter(email__iexact=email).first() if email else None


def staff_emails() -> list[str]:
    """Where the programme team's notices go: every active member's address."""
    return list(
        User.objects.filter(role=Role.STAFF, is_active=True).values_list("email", flat=True)
    )


def organisations_of(user: User) -> QuerySet[Organisation]:
    return Organisation.objects.of_member(user).order_by("name")


def agent_is_attached(user: User) -> bool:
    return Membership.objects.filter(user=user).exists()


def demo_users() -> QuerySet[User]:
    """Every demo account, with its administrations, in a fixed order."""
    memberships = Prefetch(
        "memberships", queryset=Membership.objects.select_related("organisation")
    )
    return (
        User.objects.filter(email__iendswith=f"@{DEMO_EMAIL_DOMAIN}", is_active=True)
        .prefetch_related(memberships)
        .order_by("last_name", "first_name", "email")
    )


@dataclass
class RoleGroup:
    role: str
    label: Any
    users: list[User] = field(default_factory=list)


def demo_users_by_role() -> list[RoleGroup]:
    """The demo accounts grouped by role, in the order of the roles; empty roles left out."""
    groups = {role: RoleGroup(role=role.value, label=role.label) for role in Role}
    for user in demo_users():
        groups[Role(user.role)].users.append(user)
    return [group for group in groups.values() if group.users]


def demo_proconnect_users() -> list[User]:
    """The demo accounts that sign in with ProConnect (the local provider offers them)."""
    order = list(Role.values)
    users = [user for user in demo_users() if user.role in PROCONNECT_ROLES]
    return sorted(users, key=lambda user: (order.index(user.role), user.email))


def siret_of(user: User) -> str:
    """The SIRET of the user's first administration, or an empty string."""
    for membership in user.memberships.all():
        if membership.organisation.siret:
            return membership.organisation.siret
    return ""


WORK = "work"
ACCOUNT = "account"


@dataclass(frozen=True)
class DashboardLink:
    label: Any
    description: Any
    url_name: str
    audiences: frozenset[str]
    # WORK: what the role comes to do; ACCOUNT: managing one's account.
    group: str = WORK


# What each role can do now, from their space. A URL name that does not resolve
# (an app not written yet) is left out, so the page never shows a dead link; the
# page then says plainly what is coming.
DASHBOARD_LINKS: list[DashboardLink] = [
    DashboardLink(
        _("Mon profil"),
        _("Votre parcours, votre expérience entrepreneuriale, vos compétences et votre CV."),
        "candidacies:profile",
        frozenset({Role.CANDIDATE}),
    ),
    DashboardLink(
        _("Mes candidatures"),
        _("Candidater à la session ouverte, classer vos vœux, suivre vos candidatures."),
        "candidacies:list",
        frozenset({Role.CANDIDATE}),
    ),
    DashboardLink(
        _("Mes défis"),
        _("Les défis de votre administration : brouillons, dépôts et suivi de l’instruction."),
        "challenges:list",
        frozenset({Role.AGENT}),
    ),
    DashboardLink(
        _("Proposer un défi"),
        _("Décrire un nouveau défi ; il reste en brouillon jusqu’à ce que vous le déposiez."),
        "challenges:create",
        frozenset({Role.AGENT}),
    ),
    DashboardLink(
        _("Avis demandés"),
        _("Les défis en phase d’investigation sur lesquels l’équipe du programme vous sollicite."),
        "challenges:coach_list",
        frozenset({Role.COACH}),
    ),
    DashboardLink(
        _("Pilotage du programme"),
        _(
            "La promotion en cours d’un coup d’œil : places pourvues, défis et candidatures "
            "par statut, contrats qui se terminent bientôt, prochaines échéances."
        ),
        "impact:staff_dashboard",
        frozenset({Role.STAFF}),
    ),
    DashboardLink(
        _("Défis"),
        _("Instruire les défis déposés par les administrations."),
        "challenges:staff_list",
        frozenset({Role.STAFF}),
    ),
    DashboardLink(
        _("Candidatures"),
        _("Les candidatures reçues, à examiner et à exporter."),
        "candidacies:staff_list",
        frozenset({Role.STAFF}),
    ),
    DashboardLink(
        _("Paramètres du programme"),
        _("Promotions, sessions de recrutement, grille de rémunération et grille d’évaluation."),
        "programmes:index",
        frozenset({Role.STAFF}),
    ),
    DashboardLink(
        _("Administrations"),
        _("Les administrations qui portent des défis, leur SIRET et leurs agents."),
        "organisations:list",
        frozenset({Role.STAFF}),
    ),
    DashboardLink(
        _("Politiques prioritaires"),
        _("Les politiques prioritaires du Gouvernement que les défis peuvent servir."),
        "challenges:policy_list",
        frozenset({Role.STAFF}),
    ),
    DashboardLink(
        _("Sélection"),
        _("Recevabilité, affectation des évaluateur·rices, notes, comité et publication."),
        "selection:round_list",
        frozenset({Role.STAFF}),
    ),
    DashboardLink(
        _("Entretiens"),
        _("Les entretiens avec le programme et les entretiens conjoints, avec leurs invitations."),
        "interviews:staff_list",
        frozenset({Role.STAFF}),
    ),
    DashboardLink(
        _("Propositions aux défis"),
        _("Proposer les candidat·es du vivier aux défis en recrutement."),
        "interviews:proposal_challenges",
        frozenset({Role.STAFF}),
    ),
    DashboardLink(
        _("Suivi et offres"),
        _("L’entonnoir de chaque session, les places restantes et les offres."),
        "offers:followup_index",
        frozenset({Role.STAFF}),
    ),
    DashboardLink(
        _("Mes évaluations"),
        _("Les dossiers qui vous sont confiés et vos conflits d’intérêts."),
        "selection:reviewer_home",
        frozenset({Role.REVIEWER, Role.STAFF}),
    ),
    DashboardLink(
        _("Mes entretiens"),
        _("Les entretiens où vous siégez, et leurs grilles."),
        "interviews:my_interviews",
        frozenset({Role.REVIEWER}),
    ),
    DashboardLink(
        _("Candidat·es proposé·es"),
        _("Les candidat·es que le programme propose à vos défis : profils, entretiens, avis."),
        "interviews:jury_index",
        frozenset({Role.AGENT}),
    ),
    DashboardLink(
        _("Mes offres"),
        _("Les offres de contrat qui vous sont faites : les accepter ou les décliner."),
        "offers:list",
        frozenset({Role.CANDIDATE}),
    ),
    DashboardLink(
        _("Changer mon mot de passe"),
        _("Choisissez un nouveau mot de passe de 12 caractères au moins."),
        "account_change_password",
        frozenset({Role.CANDIDATE}),
        ACCOUNT,
    ),
    DashboardLink(
        _("Changer mon adresse e-mail"),
        _("La nouvelle adresse est vérifiée avant de remplacer l’ancienne."),
        "account_email",
        frozenset({Role.CANDIDATE}),
        ACCOUNT,
    ),
    DashboardLink(
        _("Mes données personnelles"),
        _("Consulter, exporter ou supprimer les données que la plateforme garde sur vous."),
        "candidacies:my_data",
        frozenset({Role.CANDIDATE}),
        ACCOUNT,
    ),
]


def dashboard_links_for(user: User, group: str = WORK) -> list[dict[str, Any]]:
    items = []
    for link in DASHBOARD_LINKS:
        if user.role not in link.audiences or link.group != group:
            continue
        try:
            url = reverse(link.url_name)
        except NoReverseMatch:
            continue
        items.append({"label": link.label, "description": link.description, "url": url})
    return items

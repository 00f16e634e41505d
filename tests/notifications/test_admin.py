import pytest

from eig.notifications.enums import EmailStatus
from eig.notifications.models import Email
from tests.factories import UserFactory
from tests.notifications.outbox import queue_test_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_the_outbox_is_listed_and_filtered_by_status(superuser_client):
    pending = queue_test_email(to="pending@example.gouv.fr")
    failed = queue_test_email(to="failed@example.gouv.fr")
    Email.objects.filter(pk=failed.pk).update(status=EmailStatus.FAILED)

    response = superuser_client.get("/admin/notifications/email/", {"status__exact": "failed"})

    assert response.status_code == 200
    assert failed.to in response.text
    assert pending.to not in response.text


def test_an_email_is_read_only_in_the_admin(superuser_client):
    email = queue_test_email()

    page = superuser_client.get(f"/admin/notifications/email/{email.pk}/change/")
    posted = superuser_client.post(
        f"/admin/notifications/email/{email.pk}/change/", {"status": "sent"}
    )

    assert page.status_code == 200
    assert 'name="status"' not in page.text
    assert posted.status_code == 403
    assert superuser_client.get("/admin/notifications/email/add/").status_code == 403
    email.refresh_from_db()
    assert email.status == EmailStatus.PENDING

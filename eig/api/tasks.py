"""The API app's jobs (found here by Procrastinate's autodiscovery of ``tasks`` modules)."""

from eig.api.webhooks import webhook_deliver, webhooks_resend_due

__all__ = ["webhook_deliver", "webhooks_resend_due"]

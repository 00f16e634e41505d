from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView


class ProConnectBackend(OIDCAuthenticationBackend):
    pass


class ProConnectAuthenticationRequestView(OIDCAuthenticationRequestView):
    pass


class ProConnectCallbackView(OIDCAuthenticationCallbackView):
    pass

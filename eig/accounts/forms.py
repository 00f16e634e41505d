from django import forms


class CandidateSignupForm(forms.Form):
    def signup(self, request, user):  # type: ignore[no-untyped-def]
        pass

from allauth.account.adapter import DefaultAccountAdapter


class CandidateAccountAdapter(DefaultAccountAdapter):
    pass

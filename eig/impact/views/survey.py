"""The alumni survey's page, reached from the link in its e-mail: no sign-in, the link's
token is the key. It shows nothing personal but the end date of the contract."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from eig.accounts.navigation import breadcrumb
from eig.core.errors import DomainError
from eig.core.forms import form_add_service_error
from eig.impact.forms import AlumniPathForm
from eig.impact.surveys import alumni_survey_answer, alumni_survey_for_token


@require_http_methods(["GET", "HEAD", "POST"])
def survey_answer(request: HttpRequest, token: str) -> HttpResponse:
    survey = alumni_survey_for_token(token)
    if survey is None:
        raise Http404
    if request.method == "POST":
        form = AlumniPathForm(request.POST)
        if form.is_valid():
            try:
                alumni_survey_answer(survey=survey, answer=form.cleaned_data["answer"])
            except DomainError as error:
                form_add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Merci ! Votre réponse est enregistrée. Si votre situation change, "
                        "vous pouvez la modifier ici avec le même lien."
                    ),
                )
                return redirect("impact:survey", token=survey.token)
    else:
        form = AlumniPathForm(initial={"answer": survey.answer or None})
    title = _("Enquête auprès des anciens EIG")
    return render(
        request,
        "impact/survey.html",
        {
            "title": title,
            "breadcrumb_data": breadcrumb(title),
            "survey": survey,
            "form": form,
        },
    )

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from planner.forms.values import ValueForm, ValuesForm
from planner.selectors.goals import value_get, values_list
from planner.services.values import value_update, values_choose


def values_page(request, *, template_name: str, done_url: str, context=None):
    """The values form, shared by the values page and the first onboarding screen."""
    values = values_list(owner=request.user)
    form = ValuesForm(request.POST or None, values=values)
    if request.method == "POST" and form.is_valid():
        try:
            values_choose(
                owner=request.user,
                catalog_importance=form.catalog_importance(),
                own_importance=form.own_importance(),
                new_own=form.new_own(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Saved what matters to you.")
            return redirect(done_url)
    return render(request, template_name, {"form": form, "values": values, **(context or {})})


def values(request):
    return values_page(
        request, template_name="planner/values/values.html", done_url="planner:values"
    )


def value_edit(request, pk):
    value = value_get(owner=request.user, pk=pk)
    form = ValueForm(request.POST or None, instance=value)
    if request.method == "POST" and form.is_valid():
        value_update(
            value=value,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            importance=form.cleaned_data["importance"],
        )
        messages.success(request, f"Saved “{value.name}”.")
        return redirect("planner:values")
    return render(request, "planner/values/value_edit.html", {"form": form, "value": value})

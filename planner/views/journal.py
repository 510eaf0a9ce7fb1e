from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from planner.forms.journal import JournalEntryForm, JournalSearchForm, ThoughtRecordForm
from planner.models import JournalEntry, Tag, ThoughtRecord
from planner.selectors import journal as selectors
from planner.services import journal as services


def _get_entry_for_user(request, pk: int) -> JournalEntry:
    # Anyone else's entry is simply not there: 404, never 403.
    return get_object_or_404(
        JournalEntry.objects.prefetch_related("tags"), pk=pk, owner=request.user
    )


def _get_record_for_user(request, pk: int) -> ThoughtRecord:
    return get_object_or_404(
        ThoughtRecord.objects.prefetch_related("cited_attempts__step"), pk=pk, owner=request.user
    )


def _tag_filter(request) -> Tag | None:
    raw = request.GET.get("tag", "")
    if not raw:
        return None
    if not raw.isdigit():
        return get_object_or_404(Tag.objects.none())
    return get_object_or_404(Tag, pk=int(raw), owner=request.user)


@require_GET
def journal(request):
    search = JournalSearchForm(request.GET if "q" in request.GET else None)
    query = search.query() if search.is_bound else ""
    if query:
        return _journal_search(request, search, query)
    tag = _tag_filter(request)
    page = Paginator(
        selectors.journal_entries(owner=request.user, tag=tag), selectors.PAGE_SIZE
    ).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "tag": tag,
        "tags": selectors.journal_tags(request.user),
        "search": search,
    }
    return _journal_render(request, context)


def _journal_search(request, search, query: str):
    """Entries holding every word, read from the decrypted journal (selectors.journal_search)."""
    result = selectors.journal_search(owner=request.user, query=query)
    page = Paginator(result.entries, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    # Tags for the shown page only: one query, whatever the number of matches.
    prefetch_related_objects(page.object_list, "tags")
    context = {
        "page": page,
        "tags": selectors.journal_tags(request.user),
        "search": search,
        "query": query,
        "result": result,
        "cap": selectors.SEARCH_CAP,
    }
    return _journal_render(request, context)


def _journal_render(request, context):
    partial = request.htmx and not request.htmx.history_restore_request
    template = "planner/journal/journal.html"
    return render(request, f"{template}#entries" if partial else template, context)


def journal_entry_new(request):
    form = JournalEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        entry = services.journal_entry_save(
            owner=request.user, now=timezone.now(), **form.cleaned_data
        )
        messages.success(request, "Saved to your journal.")
        return redirect("planner:journal_entry", pk=entry.pk)
    return render(request, "planner/journal/edit.html", {"form": form, "entry": None})


@require_GET
def journal_entry(request, pk: int):
    entry = _get_entry_for_user(request, pk)
    return render(request, "planner/journal/entry.html", {"entry": entry})


def journal_entry_edit(request, pk: int):
    entry = _get_entry_for_user(request, pk)
    initial = {"title": entry.title, "text": entry.text, "tags": [t.name for t in entry.tags.all()]}
    form = JournalEntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.journal_entry_save(
            owner=request.user, now=timezone.now(), entry=entry, **form.cleaned_data
        )
        messages.success(request, "Your changes are saved.")
        return redirect("planner:journal_entry", pk=entry.pk)
    return render(request, "planner/journal/edit.html", {"form": form, "entry": entry})


def journal_entry_delete(request, pk: int):
    """GET asks once; POST deletes."""
    entry = _get_entry_for_user(request, pk)
    if request.method == "POST":
        services.journal_entry_delete(owner=request.user, entry=entry)
        messages.success(request, "That entry is deleted.")
        return redirect("planner:journal")
    return render(request, "planner/journal/delete.html", {"entry": entry})


# --- Thought records ------------------------------------------------------------------


@require_GET
def thoughts(request):
    page = Paginator(selectors.thought_records(owner=request.user), selectors.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "planner/journal/thoughts.html", {"page": page})


def _thought_form(request, record: ThoughtRecord | None):
    initial = {}
    if record is not None:
        fields = (
            "situation automatic_thought emotion intensity_before traps evidence_for "
            "evidence_against balanced_thought intensity_after"
        ).split()
        initial = {name: getattr(record, name) for name in fields}
        initial["cited_attempts"] = [a.pk for a in record.cited_attempts.all()]
    return ThoughtRecordForm(
        request.POST or None,
        initial=initial,
        attempts=selectors.citable_attempts(owner=request.user, record=record),
    )


def _thought_edit(request, record: ThoughtRecord | None):
    form = _thought_form(request, record)
    if request.method == "POST" and form.is_valid():
        saved = services.thought_record_save(
            owner=request.user, now=timezone.now(), record=record, **form.cleaned_data
        )
        messages.success(request, "Your thought record is saved.")
        return redirect("planner:thought", pk=saved.pk)
    return render(request, "planner/journal/thought_edit.html", {"form": form, "record": record})


def thought_new(request):
    return _thought_edit(request, None)


def thought_edit(request, pk: int):
    return _thought_edit(request, _get_record_for_user(request, pk))


@require_GET
def thought(request, pk: int):
    record = _get_record_for_user(request, pk)
    citations = [selectors.attempt_citation(a) for a in record.cited_attempts.all()]
    return render(
        request, "planner/journal/thought.html", {"record": record, "citations": citations}
    )


def thought_delete(request, pk: int):
    record = _get_record_for_user(request, pk)
    if request.method == "POST":
        services.thought_record_delete(owner=request.user, record=record)
        messages.success(request, "That thought record is deleted.")
        return redirect("planner:thoughts")
    return render(request, "planner/journal/delete.html", {"record": record})

from datetime import date

from django.db import transaction

from accounts.models import User
from common import versioning
from planner.models import ProblemOption, ProblemWorksheet, Step


@versioning.bumps("owner")
def problem_save(
    *,
    owner: User,
    worksheet: ProblemWorksheet | None = None,
    step: Step | None,
    problem: str,
    options: list[dict],
    chosen_position: int | None,
    first_move: str,
    first_move_on: date | None,
    outcome: str,
    review: str,
) -> ProblemWorksheet:
    """Create or update a worksheet and its options in one go.

    1. Save the worksheet's own parts.
    2. Replace the options with the ones given, in order (empty rows dropped):
       options are few and rewritten together, so replacing is simpler than diffing.
    3. Point `chosen` at the option in row `chosen_position` (1-based, counting
       the rows as given, empty ones included), if any.
    """
    if step is not None and step.goal.owner_id != owner.pk:
        raise ValueError("A worksheet can only link one of its owner's own steps.")
    with transaction.atomic():
        worksheet = worksheet or ProblemWorksheet(owner=owner)
        worksheet.step = step
        worksheet.problem = problem
        worksheet.first_move = first_move
        worksheet.first_move_on = first_move_on
        worksheet.outcome = outcome
        worksheet.review = review
        worksheet.chosen = None
        worksheet.full_clean(exclude=["chosen"])
        worksheet.save()
        worksheet.options.all().delete()
        # Keep each row's place in the list as given, so `chosen_position` still
        # points at the idea the person picked after empty rows are dropped.
        kept = [(row, o) for row, o in enumerate(options, start=1) if o.get("text", "").strip()]
        created = ProblemOption.objects.bulk_create(
            ProblemOption(
                worksheet=worksheet,
                position=number,
                text=o["text"].strip(),
                pros=o.get("pros", "").strip(),
                cons=o.get("cons", "").strip(),
            )
            for number, (_, o) in enumerate(kept, start=1)
        )
        by_row = {row: option for (row, _), option in zip(kept, created, strict=True)}
        if chosen_position in by_row:
            worksheet.chosen = by_row[chosen_position]
            worksheet.save(update_fields=["chosen"])
    return worksheet


@versioning.bumps("worksheet.owner_id")
def problem_remove(*, worksheet: ProblemWorksheet) -> None:
    worksheet.delete()

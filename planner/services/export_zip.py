"""The "download everything" ZIP: one JSON file of all the data and three spreadsheets.

Everything is read once (`export_build`); the spreadsheets are made from that
document, so the ZIP costs the same queries as the JSON alone.
"""

import json
import zipfile
from datetime import datetime
from io import BytesIO

from accounts.models import User
from planner.services import export, export_parts, import_limits
from planner.services.export_plan import attempts_csv_rows

JSON_NAME = "stepwise.json"
MAX_JSON_BYTES = 10 * 1024 * 1024

README = """Your Stepwise data
==================

Exported {exported_at} (UTC).

stepwise.json
    Everything you keep in Stepwise, in one file: your profile, values, goals and
    their ladder steps, your week, attempts, check-ins, journal, thought records,
    measures, small wins, worksheets, trusted contacts and your safety plan.
    To bring it back, open "Your data" in Stepwise and choose this ZIP (or this
    file on its own); below says which parts come back.

attempts.csv
    One row per attempt: what you expected before a step, and how it went.

checkins.csv
    One row per check-in: mood, distress, energy, interactions and your note.

measures.csv
    One row per questionnaire you took, with its score and your answers.

{parts}
The spreadsheets open in Excel, Numbers or LibreOffice. Your private writing is
in plain text here, so keep this file somewhere only you can open.
"""


def _measures_rows(rows: list) -> list[list]:
    # The same columns as progress_export.measures_csv, from the built document.
    table = [["measure", "taken_at", "score", "answers"]]
    for row in rows:
        answers = " ".join(map(str, row["answers"]))
        table.append([row["kind"], row["taken_at"], row["score"], answers])
    return table


def export_zip(*, owner: User, now: datetime) -> bytes:
    data = export.export_build(owner=owner, now=now)
    topics = data["topics"]
    files = {
        JSON_NAME: json.dumps(data, indent=2, ensure_ascii=False),
        "attempts.csv": export.csv_text(attempts_csv_rows(data)),
        "checkins.csv": export.checkins_csv(owner, topics["checkins"]),
        "measures.csv": export.csv_text(_measures_rows(topics["measures"])),
        "README.txt": README.format(
            exported_at=now.strftime("%Y-%m-%d %H:%M"), parts=export_parts.readme_parts()
        ),
    }
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text.encode("utf-8"))
    return out.getvalue()


def export_read(*, upload) -> dict:
    """The export document in an uploaded ZIP or bare JSON file; ImportProblem if neither."""
    if zipfile.is_zipfile(upload):
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                info = archive.getinfo(JSON_NAME)
                # The size the ZIP claims, checked before unpacking: a small ZIP can
                # hold a file big enough to fill the server's memory.
                if info.file_size > MAX_JSON_BYTES:
                    raise export.ImportProblem("The data in that ZIP is larger than it can be.")
                raw = archive.read(info)
        except (KeyError, zipfile.BadZipFile) as error:
            raise export.ImportProblem(
                f"That ZIP has no {JSON_NAME} in it. Choose the ZIP Stepwise made for you."
            ) from error
    else:
        upload.seek(0)
        raw = upload.read()
    return import_limits.document_parse(raw)

"""The page comparing two allocation runs (``sitthi.allocation.compare``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from sitthi.core.errors import SitthiError
from sitthi.web.pages import actor_of

from . import compare, services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _ids(request) -> tuple[int | None, int | None]:
    out = []
    for name in ("base", "other"):
        text = (request.GET.get(name) or "").strip()
        if text and not text.isdigit():
            raise SitthiError.one("REQUEST_INVALID", name, detail="a run number")
        out.append(int(text) if text else None)
    return out[0], out[1]


@login_required
def compare_runs(request):
    actor = actor_of(request)
    runs = list(services.runs(actor).filter(status="done")[:100])
    context = {"runs": runs, "errors": [], "result": None}
    status = 200
    try:
        base, other = _ids(request)
        context.update(base=base, other=other)
        if base and other:
            result = compare.compare(actor, base, other)
            if request.GET.get("format") == "xlsx":
                response = HttpResponse(compare.workbook(result), content_type=XLSX)
                response["Content-Disposition"] = (
                    f'attachment; filename="allocation-{base}-vs-{other}.xlsx"'
                )
                return response
            lines = result.tables["line"]
            context["result"] = result
            context["tables"] = [
                {"dim": d, "heading": compare.HEADINGS[d], "rows": result.tables[d][:100]}
                for d in compare.DIMENSIONS
            ]
            # The difference by line: beside amounts of billions, a change of thousands is
            # invisible as two bars.
            context["chart"] = {
                "data": [
                    {
                        "type": "bar",
                        "name": f"ผลต่าง / difference (run {other} − run {base})",
                        "x": [r["key"] for r in lines],
                        "y": [float(r["difference"]) for r in lines],
                        "marker": {
                            "color": [
                                "#0f766e" if r["difference"] >= 0 else "#b91c1c" for r in lines
                            ]
                        },
                    }
                ],
                "layout": {
                    "height": 380,
                    "margin": {"t": 40, "b": 80, "l": 100},
                    "xaxis": {"title": {"text": "รายการงบ · budget line"}},
                    "yaxis": {"title": {"text": "ผลต่าง (บาท) · difference (baht)"}},
                    "showlegend": True,
                    "legend": {"orientation": "h", "x": 0, "y": 1.15},
                },
            }
    except SitthiError as exc:
        if exc.status in (401, 403):
            raise
        context["errors"], status = exc.as_dict()["errors"], exc.status
    return render(request, "allocation/compare.html", context, status=status)

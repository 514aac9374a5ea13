"""Screenshots of the main pages for the README, taken in Debian's Chromium against a running
`make run` server (demo data loaded, its job worker running):

    .venv/bin/python scripts/screenshots.py [http://127.0.0.1:8000] [docs/screenshots]
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main() -> None:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sitthi.settings")
    from sitthi.registry import demo

    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 820})

        def shot(name):
            page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
            print("wrote", OUT / f"{name}.png")

        page.goto(BASE + "/")
        shot("home-public")
        page.goto(BASE + "/accounts/login/")
        page.fill("input[name=username]", "hosp_public")
        page.fill("input[name=password]", demo.DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(BASE + "/")
        shot("home-hospital")

        def check(cid):  # the citizen ID goes by POST, never in the address
            page.goto(BASE + "/rights/")
            page.fill("input[name=citizen_id]", cid)
            page.fill("input[name=on]", "2024-03-01")
            page.click("[data-testid=rights-form] button[type=submit]")
            page.wait_for_load_state()

        check(demo.CID_SSS_TO_UC)
        shot("rights-check")
        check(demo.CID_UC[:12] + str((int(demo.CID_UC[12]) + 1) % 10))
        shot("rights-check-error")
        page.goto(BASE + "/rights/checks/")
        shot("rights-checks")
        page.goto(BASE + "/claims/")
        shot("claims")
        first = page.locator("[data-testid=claims] a").last.get_attribute("href")
        page.goto(BASE + first)
        shot("claim-detail")
        page.goto(BASE + "/claims/upload/")
        bad_file = (
            "claim_key,citizen_id,service_type,admitted_at,diagnoses,item_code,quantity,charged\n"
            f"UP-1,{demo.CID_UC},OP,01/06/2568 09:00,J06.9,H001,1,500.00\n"
            f"UP-1,,,,,7001,1,150.00\n"
            f"UP-2,{demo.CID_UC},OP,02/06/2568 10:00,J06.99,H001,0,500.00\n"
        ).encode()
        page.set_input_files(
            "input[type=file]",
            files=[{"name": "june.csv", "mimeType": "text/csv", "buffer": bad_file}],
        )
        page.click("form.card button[type=submit]")
        # The file is read by the job worker (`sitthi worker`, started by `make run`); the
        # job's page shows the per-row report when it is done (it reloads itself).
        page.click("a[href^='/jobs/']")
        page.wait_for_selector("[data-testid=report]", timeout=120_000)
        shot("claims-upload")
        page.goto(BASE + "/claims/tariffs/")
        shot("tariffs")
        page.goto(BASE + "/accounts/login/")
        page.fill("input[name=username]", "nhso")
        page.fill("input[name=password]", demo.DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(BASE + "/")
        page.goto(BASE + "/claims/deadlines/")
        shot("deadlines")
        page.goto(BASE + "/notices/")
        shot("notices")
        # a list as officers search it: service dates typed in the Buddhist Era, filters kept
        page.goto(BASE + "/claims/?admitted_from=01/06/2568&admitted_to=30/06/2568&per=50")
        shot("claims-filtered")
        for user, path, name in (
            ("hosp_private", "/ucep/1/", "ucep-episode"),
            ("ems", "/ucep/ems/", "ucep-ems"),
            ("fund_sss", "/ucep/notices/", "ucep-fund"),
            ("hosp_private", "/ucep/3/", "ucep-stayed"),
        ):
            page.goto(BASE + "/accounts/login/")
            page.fill("input[name=username]", user)
            page.fill("input[name=password]", demo.DEMO_PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(BASE + "/")
            page.goto(BASE + path)
            shot(name)

        def login(user):
            page.goto(BASE + "/accounts/login/")
            page.fill("input[name=username]", user)
            page.fill("input[name=password]", demo.DEMO_PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(BASE + "/")

        login("hosp_private")
        page.goto(BASE + "/isolation/")
        care = page.locator("a[href^='/isolation/cases/']").last.get_attribute("href")
        page.goto(BASE + care)
        shot("isolation-care-claim")
        login("nhso")
        page.goto(BASE + "/allocation/")
        run = page.locator("[data-testid=runs] a").first.get_attribute("href")
        page.goto(BASE + run)
        page.wait_for_timeout(1000)
        page.screenshot(path=str(OUT / "allocation-run.png"))  # the top: numbers and chart
        print("wrote", OUT / "allocation-run.png")
        page.locator("#rates").scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        page.screenshot(path=str(OUT / "allocation-provinces.png"))
        print("wrote", OUT / "allocation-provinces.png")
        login("hosp_public")
        page.goto(BASE + "/allocation/")
        page.goto(BASE + page.locator("[data-testid=runs] a").first.get_attribute("href"))
        shot("allocation-statement")
        login("secretary")
        page.goto(BASE + "/assistance/")
        shot("assistance-queue")
        links = page.locator("[data-testid=queue] a").evaluate_all("els => els.map(e => e.href)")
        found = None
        for href in links:  # a request that went through an appeal
            page.goto(href)
            if page.locator("[data-testid=review-2] [data-testid=amount-2]").count():
                found = href
                break
        shot("assistance-request")
        number = page.locator("h1").inner_text().split()[0]
        cid = page.locator("dl.facts code").first.inner_text().replace("-", "")
        page.goto(found + "letter/?level=2")
        shot("assistance-letter")
        page.goto(BASE + "/assistance/new/")
        shot("assistance-new")
        page.goto(BASE + "/assistance/report/?fy=2569")
        page.wait_for_timeout(1000)
        shot("assistance-report")
        login("nhso")
        page.goto(BASE + "/finance/watch/?region=7&fy=2566&q=1")
        page.wait_for_timeout(800)
        shot("finance-watch")
        page.goto(BASE + page.locator("[data-testid=watch] a").first.get_attribute("href"))
        page.wait_for_timeout(800)
        shot("finance-hospital")
        # issue 18: a what-if over the demo claims (the shipped schedule with H001 at 450.00)
        import tempfile

        from sitthi.rules.claims.tariff import ILLUSTRATIVE_PATH

        changed = ILLUSTRATIVE_PATH.read_text(encoding="utf-8").replace(
            "ห้องฉุกเฉิน,ครั้ง,500.00,", "ห้องฉุกเฉิน,ครั้ง,450.00,"
        )
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
            f.write(changed)
        page.goto(BASE + "/claims/whatif/")
        page.set_input_files("input[name=tariff]", f.name)
        page.click("form[data-testid=whatif-form] button[type=submit]")
        page.wait_for_selector("[data-testid=whatif] a", timeout=120_000)
        page.click("[data-testid=whatif] a")
        page.wait_for_timeout(1000)
        page.screenshot(path=str(OUT / "whatif-result.png"))
        print("wrote", OUT / "whatif-result.png")
        # the allocation what-if: the year's OP rate edited, run again, compared
        page.goto(BASE + "/allocation/")
        page.goto(
            BASE + page.locator("a[href*='/allocation/configs/']").first.get_attribute("href")
        )
        page.locator("details").first.evaluate("d => d.open = true")
        page.fill("input[name='lines.OP.rate']", "1110.00")
        page.fill("input[name='totals.capitation_per_person']", "3035.02")
        page.click("form.edit button")
        page.click("form.card button")  # run the edited version (a background job)
        page.wait_for_selector("[data-testid=run] a", timeout=120_000)
        page.goto(BASE + "/allocation/")
        hrefs = page.locator("[data-testid=runs] a").evaluate_all("els => els.map(e => e.href)")
        runs = sorted(int(h.rstrip("/").split("/")[-1]) for h in hrefs)
        page.goto(f"{BASE}/allocation/compare/?base={runs[0]}&other={runs[-1]}")
        page.wait_for_timeout(1000)
        page.screenshot(path=str(OUT / "allocation-compare.png"))
        print("wrote", OUT / "allocation-compare.png")
        page.goto(BASE + "/finance/brightspot/")
        shot("brightspot")
        page.click("[data-testid=latest-run]")
        page.wait_for_selector("[data-testid=group-F1F2]")
        shot("brightspot-run")
        page.goto(BASE + page.locator("a[href*='/certificates/']").first.get_attribute("href"))
        shot("brightspot-certificate")
        page.context.clear_cookies()
        page.goto(BASE + "/assistance/status/")
        page.fill("input[name=number]", number)
        page.fill("input[name=citizen_id]", cid)
        page.click("[data-testid=status-form] button")
        page.wait_for_selector("[data-testid=status]")
        shot("assistance-status")
        page.goto(BASE + "/ucep/am-i-covered/")
        page.select_option("select[name=fund]", "SSS")
        page.click("form.card button")
        page.wait_for_selector("[data-testid=covered]")
        shot("ucep-covered")
        page.goto(BASE + "/api/docs")
        page.wait_for_timeout(1500)
        shot("api-docs")
        page.goto(BASE + "/fhir/docs")
        page.wait_for_timeout(1500)
        shot("fhir-docs")
        browser.close()


if __name__ == "__main__":
    main()

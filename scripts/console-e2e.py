"""The officer's console in a real browser (issue 20): Debian's chromium through
chromium-driver, driven by Selenium (pinned in .ci/run), against a real `patterngate serve`
on a temporary data dir. It signs in, erases a deployment and sees it with its days left,
looks up consent, runs a purge dry run, downloads an export and a purge certificate, reads
the audit page, signs out, and checks that a deployment token and a cross-site form post are
refused. With --screenshots DIR it saves a screenshot of each page there (docs/console/).

Usage: scripts/console-e2e.py [--binary PATH] [--screenshots DIR]
"""
import argparse, http.server, json, os, re, subprocess, sys, tempfile, threading, time, urllib.error, urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

import patterngate_process
from patterngate_process import ROOT, free_port
ERASED = "e2e-deployment-erased-in-the-console"
EXPORTED = "e2e-deployment-exported"
PURGED = "e2e-deployment-purged-before"


def fail(message):
    sys.exit(f"console-e2e: FAIL: {message}")


def run(binary, *args):
    return patterngate_process.run(binary, *args, label="console-e2e")


def call(port, method, path, token, body=None):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", method=method, data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")


def contribution(migration):
    return {"migrationId": migration, "sourceCloud": "aws", "targetCloud": "azure", "resourceTypes": ["EC2", "S3"],
            "strategy": "rehost", "steps": [{"action": "create_vm", "durationSeconds": 60, "success": True}],
            "successRate": 0.9, "durationHours": 1, "costSavingsPercent": 10}


def wait_for_file(directory, pattern, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        for name in os.listdir(directory):
            if re.fullmatch(pattern, name):
                # Chromium may create the file before it has written it: wait until it has
                # bytes and its size holds still for a moment.
                path = os.path.join(directory, name)
                size = os.path.getsize(path)
                time.sleep(0.2)
                if size > 0 and os.path.getsize(path) == size:
                    return path
        time.sleep(0.1)
    fail(f"no download matching {pattern} in {os.listdir(directory)}")


class EvilSite(http.server.BaseHTTPRequestHandler):
    """Another origin whose page posts a console form at the gateway."""
    target = ""

    def do_GET(self):
        page = (f'<!DOCTYPE html><title>elsewhere</title><form method="post" action="{self.target}/console/purge/dry-run">'
                '<input type="hidden" name="csrf" value="guessed"><button id="go" type="submit">win a prize</button></form>')
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(page.encode())

    def log_message(self, *args):
        pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "debug", "patterngate"))
    parser.add_argument("--screenshots", help="save a screenshot of each page in this folder")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--driver", default="/usr/bin/chromedriver")
    options = parser.parse_args()
    work = tempfile.mkdtemp(prefix="pg-console-e2e-")
    data, downloads = os.path.join(work, "data"), os.path.join(work, "downloads")
    os.makedirs(downloads)
    binary = options.binary
    officer = run(binary, "token", "create", "--data-dir", data, "--role", "officer")
    deployment = run(binary, "token", "create", "--data-dir", data, "--role", "deployment", "--deployment-id", EXPORTED)
    old = run(binary, "token", "create", "--data-dir", data, "--role", "deployment", "--deployment-id", PURGED)
    port = free_port()
    server = subprocess.Popen([binary, "serve", "--data-dir", data, "--port", str(port)], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    evil = http.server.HTTPServer(("127.0.0.1", 0), EvilSite)
    # A different site: `localhost` is not `127.0.0.1` to the browser.
    EvilSite.target = f"http://127.0.0.1:{port}"
    threading.Thread(target=evil.serve_forever, daemon=True).start()
    driver = None
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1).close()
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                if time.time() > deadline:
                    fail("the server did not come up")
                time.sleep(0.1)
        # Through the API: a deployment with a contribution (for the export), and an erasure
        # already purged everywhere (one gateway here) for the purge certificate.
        # Twelve contributions of one deployment: enough for a week of the network chart.
        for token, migrations in [(deployment, [f"e2e-export-{n}" for n in range(12)]), (old, ["e2e-old"])]:
            call(port, "PUT", "/api/v1/consent", token, {"action": "grant"})
            for migration in migrations:
                call(port, "POST", "/api/v1/patterns/contribute", token, contribution(migration))
        complete = call(port, "POST", "/api/v1/erasure", old, {})["requestId"]
        call(port, "POST", "/api/v1/admin/purge", officer, {"asOf": time.strftime("%Y-%m-%d", time.gmtime(time.time() + 40 * 86400))})

        chrome = webdriver.ChromeOptions()
        chrome.binary_location = options.chromium
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"]:
            chrome.add_argument(argument)
        chrome.add_experimental_option("prefs", {"download.default_directory": downloads, "download.prompt_for_download": False})
        driver = webdriver.Chrome(service=Service(options.driver), options=chrome)
        driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
        seen = []

        def page(path, name=None):
            driver.get(base + path)
            return shot(name)

        def shot(name):
            seen.append(driver.current_url)
            if options.screenshots and name:
                os.makedirs(options.screenshots, exist_ok=True)
                driver.save_screenshot(os.path.join(options.screenshots, f"{name}.png"))
            return driver.page_source

        def click(element_id, then):
            """Clicks and waits until the next page has an element `then` (forms redirect)."""
            old = driver.find_element(By.TAG_NAME, "html")
            driver.find_element(By.ID, element_id).click()
            WebDriverWait(driver, 20).until(lambda d: old != d.find_element(By.TAG_NAME, "html") and d.find_elements(By.ID, then))
            return driver.find_element(By.ID, then)

        def sign_in(token, then):
            page("/console/sign-in")
            driver.find_element(By.ID, "token").send_keys(token)
            return click("sign-in", then)

        # A deployment token is refused.
        sign_in(deployment, "refused")
        if "only officer and auditor tokens" not in driver.page_source or "/console/sign-in" not in driver.current_url:
            fail("a deployment token was not refused: " + driver.current_url + " " + driver.page_source[-600:])
        shot("sign-in-refused")
        print("console-e2e: a deployment token is refused", flush=True)

        sign_in(officer, "sign-out")
        if driver.find_element(By.TAG_NAME, "h1").text != "Overview":
            fail("the officer did not land on the overview: " + driver.current_url + " " + driver.page_source[-900:])
        shot("overview")
        print("console-e2e: signed in as an officer", flush=True)

        # Erase a deployment: type its id, confirm, see the request with its days left.
        page("/console/erasure/new", "erase-form")
        driver.find_element(By.ID, "deploymentId").send_keys(ERASED)
        click("erase-next", "typed-id")
        if driver.find_element(By.ID, "typed-id").text != ERASED:
            fail("the confirm step does not show the typed id")
        shot("erase-confirm")
        days = click("erase-confirm", "days-left")
        if not re.fullmatch(r"\d+ days?", days.text) or "green" not in days.get_attribute("class"):
            fail(f"the erasure shows no days left: {days.text!r}")
        days_left = days.text
        request_id = driver.find_element(By.ID, "request-id").text
        shot("erasure-request")
        listing = page("/console/erasure?state=open", "erasure-requests")
        if request_id not in listing or not re.search(r'class="days green">\d+ days</td>', listing):
            fail("the erasure is not listed with its days left")
        print(f"console-e2e: erased a deployment: {request_id}, {days_left} left", flush=True)

        # Consent look-up (the erased deployment's consent ended with the erasure).
        page("/console/consent")
        driver.find_element(By.ID, "deploymentId").send_keys(EXPORTED)
        click("consent-look-up", "consent-state")
        if driver.find_element(By.ID, "consent-state").text != "granted":
            fail("the consent look-up does not show the grant")
        shot("consent")

        # A purge dry run, as of now.
        page("/console/purge")
        click("purge-dry-run", "purge-result")
        if "Dry run: would purge" not in driver.find_element(By.ID, "purge-result").text:
            fail("the dry run shows no result")
        shot("purge-dry-run")
        print("console-e2e: purge dry run", flush=True)

        # Export download.
        page("/console/export", "export")
        driver.find_element(By.ID, "deploymentId").send_keys(EXPORTED)
        driver.find_element(By.ID, "export-download").click()
        exported = json.load(open(wait_for_file(downloads, r"export-[0-9a-f]{8}\.json")))
        if len(exported["contributions"]) != 12 or not os.path.basename(wait_for_file(downloads, r"export-.*\.json"))[7:15] == exported["subject"][:8]:
            fail("the export is not the deployment's")
        print("console-e2e: downloaded the export", flush=True)

        # Purge certificate of the request purged before.
        page(f"/console/erasure/requests/{complete}", "erasure-complete")
        driver.find_element(By.ID, "certificate").click()
        certificate = json.load(open(wait_for_file(downloads, rf"purge-certificate-{complete}\.json")))
        if not certificate["purgedEvents"] or certificate["auditEntry"] is None or not certificate["request"]["complete"]:
            fail("the purge certificate is incomplete")
        print("console-e2e: downloaded a purge certificate", flush=True)

        page("/console/network", "network")
        if len(driver.find_elements(By.CSS_SELECTOR, "#weekly-chart rect.bar")) != 1:
            fail("the network chart does not show this week's contributions")
        audit = page("/console/audit", "audit")
        if "SHA256:" not in audit:
            fail("the audit page shows no key fingerprint")

        # Sign out: the pages are closed again.
        click("sign-out", "sign-in")
        page("/console/erasure")
        if "/console/sign-in" not in driver.current_url:
            fail("signed out, a page still opened")
        print("console-e2e: signed out", flush=True)

        # A form posted from another site is refused, even while signed in.
        sign_in(officer, "sign-out")
        driver.get(f"http://localhost:{evil.server_address[1]}/")
        click("go", "failure")
        if "only from the console itself" not in driver.page_source:
            fail("a cross-site form post was not refused")
        print("console-e2e: a cross-site form post is refused", flush=True)

        # No typed deployment id in any URL the browser visited.
        for url in seen + [driver.current_url]:
            if any(typed in url for typed in [ERASED, EXPORTED, PURGED]):
                fail(f"a typed deployment id reached a URL: {url}")
        print("console-e2e: OK", flush=True)
    finally:
        if driver is not None:
            driver.quit()
        evil.shutdown()
        server.terminate()
        server.wait(timeout=60)


if __name__ == "__main__":
    main()

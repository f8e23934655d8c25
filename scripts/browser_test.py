#!/usr/bin/env python3
"""The web pages in a real browser (Debian's chromium through Selenium, with the installed chromedriver, so
nothing is downloaded), against a running qmatch-server. Run by scripts/browser-test, which starts the server.

A member signs in by link, dismisses a suggestion and sees it gone; another member opts out and disappears
from the first member's suggestions; an organiser signs in, runs a recruit with a quota and opens the
community map, and makes a pairing round for a group and sees its pairs. Screenshots at 360 and 1440 px wide go to --shots; the raw HTML of every page visited goes to
--pages (for the HTML validator).
"""
import argparse
import os
import sqlite3
import subprocess
import sys
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

parser = argparse.ArgumentParser()
parser.add_argument("--url", required=True)
parser.add_argument("--bin", required=True, help="folder holding qmatch")
parser.add_argument("--db", required=True)
parser.add_argument("--admin-token", required=True)
parser.add_argument("--shots", required=True)
parser.add_argument("--pages", required=True)
args = parser.parse_args()

checks = {"passed": 0, "failed": 0}


def check(condition, what):
    if condition:
        checks["passed"] += 1
        print(f"  ok   {what}")
    else:
        checks["failed"] += 1
        print(f"  FAIL {what}")


def link(member):
    out = subprocess.run([os.path.join(args.bin, "qmatch"), "link", member, "--db", args.db, "--base-url", args.url],
                         check=True, capture_output=True, text=True)
    return out.stdout.strip()


options = webdriver.ChromeOptions()
for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1440,900"):
    options.add_argument(flag)
options.binary_location = "/usr/bin/chromium"
driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)
wait = WebDriverWait(driver, 20)
os.makedirs(args.shots, exist_ok=True)
os.makedirs(args.pages, exist_ok=True)


def page(path):
    driver.get(args.url + path)
    return driver


def listed():
    return [e.get_attribute("data-member") for e in driver.find_elements(By.CSS_SELECTOR, "#suggestions li.person")]


def keep(name):
    """Screenshots at 360 and 1440 px wide (full height), and the server's raw HTML of the page for the validator."""
    for width in (360, 1440):
        driver.set_window_size(width, 900)
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(width, min(max(height, 600), 6000))
        driver.save_screenshot(os.path.join(args.shots, f"{name}-{width}.png"))
        # Nothing wider than the window (no sideways scrolling) at either width.
        overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        check(overflow <= 1, f"{name} fits {width} px (overflow {overflow})")
    driver.set_window_size(1440, 900)
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    request = urllib.request.Request(driver.current_url, headers={"Cookie": cookie})
    with urllib.request.urlopen(request) as response, open(os.path.join(args.pages, name + ".html"), "wb") as out:
        out.write(response.read())


def sign_in(member):
    driver.delete_all_cookies()
    driver.get(link(member))
    wait.until(EC.element_to_be_clickable((By.ID, "continue"))).click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "main h1")))
    return driver.current_url.endswith("/me")


db = sqlite3.connect(args.db)
asker = db.execute("""SELECT id FROM member WHERE discoverable = 1 AND id IN (SELECT source FROM connection)
                      ORDER BY id LIMIT 1""").fetchone()[0]
big_group = db.execute("""SELECT s.group_id FROM membership s JOIN member m ON m.id = s.member_id
                           WHERE m.discoverable = 1 GROUP BY s.group_id ORDER BY count(*) DESC, s.group_id
                           LIMIT 1""").fetchone()[0]
nation = db.execute("""SELECT value FROM member_attribute WHERE name = 'nation' GROUP BY value
                       ORDER BY count(*) ASC, value LIMIT 1""").fetchone()
db.close()
started = time.time()
try:
    print(f"member {asker} signs in by link")
    page("/")
    keep("home")
    check(sign_in(asker), "the link and Continue lead to the member's suggestions")
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    check(driver.switch_to.active_element.get_attribute("class") == "skip", "the first Tab reaches 'Skip to main content'")
    before = listed()
    check(len(before) >= 2, f"suggestions are listed ({len(before)})")
    keep("suggestions")
    dismissed = before[0]
    driver.find_element(By.CSS_SELECTOR, f"li[data-member='{dismissed}'] button[value='dismiss']").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "p.note")))
    check(dismissed not in listed(), f"'Not for me' removes {dismissed} at once")
    leaving = listed()[0]
    page(f"/members/{leaving}")
    check(driver.find_element(By.TAG_NAME, "h1").text != "", "a suggested member's profile opens")
    keep("profile")
    page("/me/groups")
    check(len(driver.find_elements(By.CSS_SELECTOR, "#groups li.person")) > 0, "groups to join are listed")
    keep("member-groups")
    page("/search?q=reducing+inpatient+falls")
    check(len(driver.find_elements(By.CSS_SELECTOR, "#results li.person")) > 0, "search finds members")
    keep("search")

    print(f"member {leaving} opts out")
    check(sign_in(leaving), "the second member signs in")
    page("/me/profile")
    box = driver.find_element(By.ID, "discoverable")
    check(box.is_selected(), "the opt-out box starts ticked ('Suggest me to other members')")
    keep("edit-profile")
    box.click()
    driver.find_element(By.ID, "save-profile").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "p.note")))
    check(not driver.find_element(By.ID, "discoverable").is_selected(), "the profile is saved opted out")

    print(f"member {asker} looks again")
    sign_in(asker)
    check(leaving not in listed(), f"{leaving} has disappeared from {asker}'s suggestions")
    page(f"/members/{leaving}")
    check("Not found" in driver.find_element(By.TAG_NAME, "h1").text, "their profile is gone for others")

    print("an organiser signs in")
    driver.delete_all_cookies()
    page("/organiser/signin")
    keep("organiser-signin")
    driver.find_element(By.ID, "token").send_keys(args.admin_token)
    driver.find_element(By.ID, "organiser-sign-in").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "figure.picture svg")))
    check(driver.current_url.endswith("/organiser"), "the organiser lands on the community at a glance")
    keep("glance")
    page("/organiser/recruit")
    Select(driver.find_element(By.ID, "group")).select_by_index(1)
    driver.find_element(By.ID, "limit").clear()
    driver.find_element(By.ID, "limit").send_keys("8")
    quota = f"nation={nation[0] if nation else 'Wales'}:2"
    driver.find_element(By.ID, "quotas").send_keys(quota)
    driver.find_element(By.ID, "find-recruits").click()
    wait.until(EC.presence_of_element_located((By.ID, "recruits-heading")))
    recruits = driver.find_elements(By.CSS_SELECTOR, "#recruits li.person")
    outcomes = driver.find_element(By.ID, "quota-outcomes").text
    check(len(recruits) == 8, f"a recruit list of 8 ({len(recruits)})")
    check("met: 2 of 2" in outcomes, f"the quota {quota} is met ({outcomes!r})")
    keep("recruit")
    page("/organiser/map")
    circles = driver.find_elements(By.CSS_SELECTOR, "figure.map svg a")
    check(len(circles) > 0, f"the community map shows communities ({len(circles)})")
    keep("map")
    circles[0].click()
    wait.until(EC.presence_of_element_located((By.ID, "community-members")))
    members = driver.find_elements(By.CSS_SELECTOR, "#community-members li")
    check(len(members) > 0, f"clicking a community lists its members ({len(members)})")
    keep("map-community")
    print(f"the organiser makes a pairing round for group {big_group}")
    page("/organiser/rounds")
    keep("rounds")
    driver.find_element(By.ID, "round-name").send_keys("Coffee <b>trial</b>")
    Select(driver.find_element(By.ID, "round-group")).select_by_value(big_group)
    driver.find_element(By.ID, "make-round").click()
    wait.until(EC.presence_of_element_located((By.ID, "pairs")))
    pairs = driver.find_elements(By.CSS_SELECTOR, "#pairs tr.pair")
    check(len(pairs) > 0, f"the round shows its pairs ({len(pairs)})")
    sizes = [len(p.find_elements(By.CSS_SELECTOR, "li[data-member]")) for p in pairs]
    check(all(size in (2, 3) for size in sizes), f"every group of the round is a pair or a three ({sorted(set(sizes))})")
    check("Coffee <b>trial</b>" in driver.find_element(By.TAG_NAME, "h1").text, "the round's name shows as typed (escaped)")
    check(driver.find_element(By.ID, "round-csv").get_attribute("href").endswith("/csv"), "the round offers a CSV download")
    keep("round")
    page("/organiser/rounds")
    check(len(driver.find_elements(By.CSS_SELECTOR, "#rounds tr[data-round]")) == 1, "the round is listed")
    page("/organiser/teams")
    keep("teams")
    page("/organiser/brief")
    keep("brief")
    page("/organiser/evaluation")
    keep("evaluation")
finally:
    driver.quit()
print(f"browser test: {time.time() - started:.1f} s")
print(f"{checks['passed']} passed, {checks['failed']} failed")
sys.exit(1 if checks["failed"] else 0)

"""What ``docgen init`` writes: a settings file that works as written, and a wording folder."""

from __future__ import annotations

#: docgen.toml as ``docgen init`` writes it (the README's settings example is this text; a test
#: compares them). Every line that is not commented out works as written; the commented-out lines
#: show the other options.
SETTINGS_TOML = """\
# docgen settings: see the README, "Clinic settings". Check this file with: docgen config --check
# Replace the clinic's details below with yours before printing for patients.

templates = "wording"      # your clinic's wording folder, beside this file; empty: the built-ins

[clinic]
name = "Riverside Spine Center"
address = "12 River Road, Lakeside"
day_phone = "(800) 555-0142"
after_hours_phone = "(800) 555-0199"
emergency_number = "911"
# logo = "logo.png"        # a PNG or JPEG, relative to this file
teaching = false           # true if trainees usually take part (changes the consent form)
fever_f = 101              # fever threshold on the warning signs, printed in °F and °C (99 to 101.5)
glucose_high_mg_dl = 300   # blood sugar a patient with diabetes calls about (180 to 400)
glucose_low_mg_dl = 70     # low blood sugar while fasting (54 to 100)

[defaults]
paper = "letter"           # or "a4"
physician = "Dr A. Rivera"
language = "en"            # or "es"
date_format = "iso"        # "us" also reads MM/DD/YYYY, "day-first" DD/MM/YYYY
duplex = true              # two-sided printing: each document of a packet starts on a front side

[diary]
diagnostic_relief_threshold = 75   # 50, 75 or 80 percent
# where the patient sends the diary back, e.g. "Riverside Spine Center, or fax (800) 555-0143";
# empty: the clinic's name and address
return_to = ""

[documents]
coverage_notes = true      # print the paragraph on payer coverage (e.g. Medicare and RFA)
fillable_diary = false     # form fields a tablet fills in (per document: --fillable, --no-fillable)
review_overdue = "mark"    # wording past its review date: "mark" prints it on the page; "refuse"

[output]
file_mode = "600"          # owner-only; "640" lets the owner's group read them
folder_mode = "700"

[codes]                    # the scan-back code on every page (see "Scan-back codes and identify")
enabled = true
symbology = "code128"      # or "datamatrix"
position = "footer-left"   # "footer-right", "top-left" or "top-right"
include_mrn = true

[audit]
enabled = true             # record every print (false: no record, and no document ID is printed)
database = ""              # empty: audit.sqlite3 in the user data folder; or "postgresql://docgen@host/docgen"

[printing]                 # --print (see "Printing")
# queues = ["desk-1", "desk-2"]   # the CUPS queues docgen may print on
# default_queue = "desk-1"   # what --print alone uses (left out: the first queue)
duplex = true              # duplex-padded output is sent two-sided (long edge); false: one-sided
# options = { InputSlot = "Tray2" }   # further lp -o options (tray, media)
server = ""                # a CUPS server host:port (lp -h); empty: the system's

[serve]                    # docgen serve, the web form (see docs/serve.md)
# trusted_proxies = ["127.0.0.1"]   # proxies whose user_header names the signed-in user
user_header = "X-Remote-User"
# users = { desk = "..." }   # basic auth: a hash from docgen serve --hash-password
render_timeout = 60        # seconds
workers = 2                # renders at a time
# secret_key_file = "serve.key"   # several instances behind one load balancer (docs/serve.md)
"""

#: wording/README.txt: how a clinic fills its wording folder.
WORDING_README = """\
Your clinic's wording
=====================

docgen prints the wording it ships with until this folder holds your own. A file here wins over
the built-in file with the same path; the rest still come from docgen.

1. Copy the built-in templates here to edit them (all of them, or one procedure's):

       docgen templates export wording
       docgen templates export --procedure si-joint-injection wording

   (run from the folder that holds docgen.toml; export never overwrites a file).
2. Edit the sentences; delete the files you did not change, so that they keep following docgen's.
3. Raise the version in the procedure's procedure.yaml, and once your clinicians have approved the
   wording set review.status to approved with approved_by and approved_on.
4. Check before printing:

       docgen templates check

See docs/templates.md in docgen's documentation for every placeholder and rule.
"""

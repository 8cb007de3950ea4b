#!/usr/bin/env python3
"""Writes a deterministic corpus of health-marketing articles for the benchmark.

    python3 bench/generate.py OUT_DIR [--articles 5000] [--html-share 0.2] [--seed 7]
    python3 bench/generate.py OUT_FILE --single-mb 200

Articles are assembled from our own templates in the style of clinic, telehealth and supplement
pages: front matter, headings, lists, tables, code blocks, references, and a mix of neutral
sentences and the kinds of claims medlint looks for. The same arguments always write the same
bytes.
"""
import argparse, os, random

CLINICS = ["Harborview", "Cedar Ridge", "Lumen", "Northstar", "Bluewater", "Summit", "Evergreen",
           "Brightpath", "Clearwell", "Meridian", "Oakline", "Riverside"]
CITIES = ["Austin", "Denver", "Portland", "Boston", "Tampa", "Phoenix", "Seattle", "Chicago"]
TREATMENTS = ["ketamine infusions", "TMS therapy", "IV NAD+ drips", "esketamine sessions",
              "semaglutide injections", "stem cell injections", "testosterone therapy",
              "CBD gummies", "IV hydration", "hormone pellets"]
CONDITIONS = ["depression", "anxiety", "PTSD", "chronic pain", "fatigue", "insomnia",
              "migraines", "weight loss", "brain fog", "low energy"]

NEUTRAL = [
    "Our team meets every new patient for a {n}-minute intake visit before any treatment begins.",
    "Parking is available behind the building, and the entrance is step-free.",
    "{clinic} opened its {city} location in {year} and now employs {n} clinicians.",
    "Appointments run Monday to Friday from 8am to 6pm, with late clinics on Thursdays.",
    "Bring a list of your current medications and any recent lab results to your first visit.",
    "Sessions usually last {n} minutes, and most people rest for a short time afterwards.",
    "Our nurses check your blood pressure before and after each visit.",
    "You can reschedule online up to 24 hours before your appointment at no charge.",
    "We accept HSA and FSA cards, and we can give you a receipt for your insurer.",
    "The clinic follows the infection-control guidance of the state health department.",
    "Please arrange a ride home if your clinician asks you to.",
    "Our care coordinators answer messages within one business day.",
    "Side effects can include nausea, dizziness and a temporary rise in blood pressure.",
    "Treatment is not suitable for everyone; your clinician will review your history first.",
    "In a {year} randomized trial, {p}% of participants improved versus {q}% on placebo [1].",
]
CLAIMS = [
    "{p}% of our patients feel better after the first session.",
    "Studies show {treatment} work for {condition}.",
    "{treatment_c} cure {condition} in as little as one week.",
    "Our protocol is 100% safe with no side effects.",
    "Feel relief within hours, guaranteed results or your money back.",
    "{treatment_c} repair the brain and restore lost connections.",
    "Rated 4.{d}/5 by over {n},000 happy patients.",
    "{treatment_c} work when antidepressants fail and are safer than medication.",
    "Plans starting at ${price}/month. Book your free consultation today!",
    "A {year} Harvard study found {p}% fewer symptoms after treatment.",
    "Only {d} spots left this month: don't wait until it's too late.",
    "\u201cI lost {n} pounds and my {condition} is gone,\u201d says one of our members.",
    "About one in {d} adults lives with {condition}, and {p}% never get help.",
    "Clinically proven {treatment} for {condition}, PTSD and OCD.",
    "Our compounded semaglutide has the same active ingredient as Ozempic.",
]
CODE = [
    "```python\nrate = responders / total  # e.g. 0.{p} means {p}% of patients\nprint(f\"{{rate:.0%}} cured, 100% safe\")\n```",
    "```sql\nSELECT clinic, COUNT(*) FILTER (WHERE improved) * 100.0 / COUNT(*) AS pct\nFROM visits GROUP BY clinic; -- 9 out of 10\n```",
    "```json\n{{\"claim\": \"guaranteed results\", \"rating\": \"4.9/5\", \"share\": \"{p}%\"}}\n```",
]


def fill(rng, template):
    treatment = rng.choice(TREATMENTS)
    return template.format(
        n=rng.randint(2, 90), clinic=rng.choice(CLINICS), city=rng.choice(CITIES),
        year=rng.randint(2008, 2025), p=rng.randint(11, 97), q=rng.randint(2, 30),
        d=rng.randint(2, 9), price=rng.randint(49, 499), condition=rng.choice(CONDITIONS),
        treatment=treatment, treatment_c=treatment[0].upper() + treatment[1:],
    )


CLAIM_RATE = 0.12


def paragraph(rng):
    sentences = []
    for _ in range(rng.randint(3, 7)):
        pool = CLAIMS if rng.random() < CLAIM_RATE else NEUTRAL
        sentences.append(fill(rng, rng.choice(pool)))
    return " ".join(sentences)


def markdown_article(rng, i):
    clinic = rng.choice(CLINICS)
    treatment = rng.choice(TREATMENTS)
    condition = rng.choice(CONDITIONS)
    lines = [
        "---",
        f'title: "{treatment.capitalize()} for {condition} in {rng.choice(CITIES)} | {clinic}"',
        f'description: "{fill(rng, rng.choice(CLAIMS))}"',
        f"slug: article-{i}",
        f"wordCount: {rng.randint(600, 2400)}",
        f'readingTime: "{rng.randint(3, 14)} min read"',
        f'publishedAt: "20{rng.randint(18, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"',
        "---",
        "",
        f"# {treatment.capitalize()} at {clinic}",
        "",
    ]
    for s in range(rng.randint(5, 9)):
        lines.append(f"## {rng.choice(['How it works', 'What to expect', 'Safety', 'Pricing', 'Results', 'FAQ', 'Our team'])}")
        lines.append("")
        for _ in range(rng.randint(1, 3)):
            lines.append(paragraph(rng))
            lines.append("")
        if rng.random() < 0.4:
            for _ in range(rng.randint(3, 6)):
                lines.append(f"- {fill(rng, rng.choice(NEUTRAL + CLAIMS))}")
            lines.append("")
        if rng.random() < 0.2:
            lines.append(fill(rng, rng.choice(CODE)))
            lines.append("")
        if rng.random() < 0.15:
            lines += ["| Plan | Sessions | Price |", "|---|---|---|"]
            for _ in range(3):
                lines.append(f"| {rng.choice(['Starter', 'Core', 'Plus'])} | {rng.randint(1, 12)} | ${rng.randint(99, 2999)} |")
            lines.append("")
    lines += ["## References", "", "1. Lee K, et al. A randomized trial. J Psychiatr Res. 2021;140:1-9. https://doi.org/10.1016/j.jpsychires.2021.05.001", ""]
    return "\n".join(lines)


def html_article(rng, i):
    clinic = rng.choice(CLINICS)
    treatment = rng.choice(TREATMENTS)
    parts = [
        "<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\">",
        f"<title>{treatment.capitalize()} &amp; more | {clinic}</title>",
        f"<meta name=\"description\" content=\"{fill(rng, rng.choice(CLAIMS)).replace(chr(34), '&quot;')}\">",
        "<style>.hero{color:#123;} .x::after{content:\"100% safe\"}</style>",
        "</head><body>",
        f"<h1>{treatment.capitalize()} at {clinic}</h1>",
    ]
    for _ in range(rng.randint(5, 9)):
        parts.append(f"<h2>{rng.choice(['How it works', 'What to expect', 'Safety', 'Pricing'])}</h2>")
        for _ in range(rng.randint(1, 3)):
            text = paragraph(rng).replace("&", "&amp;").replace("\u201c", "&ldquo;").replace("\u201d", "&rdquo;")
            parts.append(f"<p class=\"body\" style=\"line-height:1.6\">{text}</p>")
        if rng.random() < 0.3:
            parts.append("<ul>" + "".join(f"<li>{fill(rng, rng.choice(NEUTRAL))}</li>" for _ in range(4)) + "</ul>")
        if rng.random() < 0.2:
            parts.append(f"<img src=\"/img/{i}.jpg\" alt=\"{fill(rng, rng.choice(NEUTRAL))}\">")
    parts.append("<script>window.dataLayer=[{\"claim\":\"9 out of 10 patients\"}];</script>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--html-share", type=float, default=0.2)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--claim-rate", type=float, default=0.12,
                    help="share of body sentences that are claims (the rest are neutral copy)")
    ap.add_argument("--single-mb", type=int, default=0,
                    help="write one Markdown file of about this many MB instead of a corpus")
    args = ap.parse_args()
    global CLAIM_RATE
    CLAIM_RATE = args.claim_rate
    rng = random.Random(args.seed)
    if args.single_mb:
        target = args.single_mb * 1024 * 1024
        written = 0
        with open(args.out, "w", encoding="utf-8") as f:
            i = 0
            while written < target:
                a = markdown_article(rng, i).split("---\n", 2)[-1]
                f.write(a + "\n")
                written += len(a.encode()) + 1
                i += 1
        print(f"wrote {args.out}: {written / 1e6:.1f} MB")
        return
    os.makedirs(args.out, exist_ok=True)
    total = 0
    for i in range(args.articles):
        sub = os.path.join(args.out, f"{i // 500:02d}")
        os.makedirs(sub, exist_ok=True)
        if rng.random() < args.html_share:
            path, text = os.path.join(sub, f"page-{i:05d}.html"), html_article(rng, i)
        else:
            path, text = os.path.join(sub, f"post-{i:05d}.md"), markdown_article(rng, i)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        total += len(text.encode())
    print(f"wrote {args.articles} articles to {args.out}: {total / 1e6:.1f} MB")


if __name__ == "__main__":
    main()

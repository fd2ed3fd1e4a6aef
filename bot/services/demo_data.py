"""The sample portfolio `pulse demo` seeds: companies, reps, and the kind of things customers write."""

from __future__ import annotations

REPS = {"U0ANAREP1": "Ana", "U0BENREP2": "Ben", "U0CHLOE03": "Chloé", "U0DAVID04": "David"}

COMPANIES = (
    "Northwind Traders",
    "Contoso Pharma",
    "Fabrikam Robotics",
    "Tailspin Toys",
    "Wide World Importers",
    "Adventure Works",
    "Litware Labs",
    "Proseware",
    "Lucerne Publishing",
    "Margie's Travel",
    "Blue Yonder Airlines",
    "Coho Winery",
    "Alpine Ski House",
    "Fourth Coffee",
    "Graphic Design Institute",
    "Humongous Insurance",
    "Trey Research",
    "Woodgrove Bank",
    "Relecloud",
    "VanArsdel Ltd",
    "Wingtip Toys",
    "Southridge Video",
    "School of Fine Art",
    "Consolidated Messenger",
    "City Power & Light",
    "Datum Corporation",
    "Bellows College",
    "Best For You Organics",
    "Nod Publishers",
    "Olympia Logistics",
    "Peak Metalworks",
    "Quantum Freight",
    "Riverbend Clinics",
    "Stellar Dental",
    "Tidewater Marine",
    "Upland Mills",
    "Vertex Components",
    "Willow Creek Foods",
    "Yellowstone Outfitters",
    "Zephyr Energy",
)

FIRST_NAMES = ("alex", "sam", "jo", "maria", "li", "noor", "tom", "eva", "raj", "kim", "lea", "omar")

KINDS = ("call", "meeting", "email", "visit", "support", "delivery", "chat")

NOTES = (
    "Quarterly review",
    "Renewal call",
    "Onboarding follow-up",
    "Pricing discussion",
    "Escalated ticket",
    "Delivery check",
    "Site visit with their ops lead",
    "Invoice question",
    "Product demo for new team",
    "Contract amendment",
    "Training session",
    "Support follow-up",
)

HAPPY = (
    "Great service as always, thank you!",
    "Quick turnaround and the team was really helpful.",
    "Very happy with the new release, it saves us hours.",
    "Ana sorted it out within the hour. Excellent.",
    "Smooth delivery, everything arrived on time.",
    "Reliable partner, we'll be ordering more next quarter.",
    "The training was clear and well organised.",
    "",
    "",
)

MIXED = (
    "Product is fine but the invoices are confusing.",
    "Good people, slow process.",
    "It works, although setup took longer than promised.",
    "Support was friendly but we're still waiting on a fix.",
    "",
)

UNHAPPY = (
    "Charged twice and nobody called back.",
    "Third late delivery this month. We are looking at other suppliers.",
    "Would not buy again at this price.",
    "Still waiting for the refund, had to chase three times.",
    "The order arrived damaged and support never replied.",
    "Honestly disappointed, the quality has gone down.",
    "We cancelled the second site because of the outages.",
    "Nobody returned my calls for two weeks.",
    "",
)

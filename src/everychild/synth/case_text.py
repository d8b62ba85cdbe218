"""Words for synthetic casework: short, plausible, and all invented. `{child}` is the
child's given name and `{carer}` the parent's, filled in where each is used."""

from __future__ import annotations

# CIN census assessment factor codes, by the referral's concern, most likely first.
FACTORS: dict[str, tuple[tuple[str, int], ...]] = {
    "domestic_abuse": (("3B", 60), ("3C", 30), ("3A", 10), ("4B", 25), ("1B", 15)),
    "neglect": (("16A", 55), ("4B", 25), ("2B", 15), ("1B", 15), ("5B", 8)),
    "physical": (("18C", 60), ("18B", 10), ("3B", 20), ("4B", 10)),
    "emotional": (("17A", 55), ("3B", 25), ("4B", 20)),
    "sexual": (("19C", 55), ("19B", 20), ("11A", 20)),
    "mental_health": (("4B", 70), ("4A", 20), ("15A", 10), ("16A", 15)),
    "substance_misuse": (("2B", 55), ("1B", 40), ("16A", 20)),
    "attendance": (("16A", 30), ("4A", 15), ("7A", 10), ("20", 20)),
    "missing": (("10A", 60), ("11A", 30), ("24A", 20), ("13A", 10)),
    "behaviour": (("14A", 45), ("4A", 25), ("24A", 15), ("13A", 10)),
    "housing": (("16A", 30), ("20", 40), ("6B", 10)),
    "prebirth": (("2B", 30), ("4B", 35), ("3B", 30), ("16A", 20)),
}
FACTORS_DEFAULT = (("20", 40), ("4B", 30), ("3B", 30))

# Child protection category by concern (neglect most of all, as nationally).
CATEGORY_BY_CONCERN = {
    "domestic_abuse": "EMO", "neglect": "NEG", "physical": "PHY", "emotional": "EMO",
    "sexual": "SAB", "mental_health": "NEG", "substance_misuse": "NEG", "attendance": "NEG",
    "missing": "EMO", "behaviour": "EMO", "housing": "NEG", "prebirth": "NEG",
}

# Primary need code (CIN census) by concern.
NEED_BY_CONCERN = {
    "domestic_abuse": "N1", "neglect": "N1", "physical": "N1", "emotional": "N1",
    "sexual": "N1", "mental_health": "N3", "substance_misuse": "N5", "attendance": "N5",
    "missing": "N6", "behaviour": "N6", "housing": "N7", "prebirth": "N1",
}

ANALYSIS = (
    "{carer} recognises the worries and has engaged with the assessment. {child}'s needs "
    "are mostly met, but the home is under strain.",
    "The risks are cumulative rather than a single incident: missed health appointments, "
    "poor school attendance and {carer}'s low mood together leave {child}'s needs unmet.",
    "{child} is a warm, chatty child who is meeting milestones. Protective factors: an "
    "involved grandmother and a stable school placement.",
    "Concerns about the adults' relationship are substantiated; {carer} minimises the "
    "impact on {child}. Professionals agree the risk is increasing.",
    "No evidence was found that {child} has been harmed. The family would benefit from "
    "support with routines and money.",
    "{carer} has made changes since the referral and is working with services. The risk "
    "has reduced, though it depends on that continuing.",
)
CHILD_VIEWS = (
    "{child} said home is 'OK' and that they like their room; they worry when mum is sad.",
    "{child} drew their family and put themselves next to the dog. They want the shouting "
    "to stop.",
    "{child} was too young to share views; observed to be relaxed and to seek comfort from "
    "{carer}.",
    "{child} said they want to stay at home and see dad at weekends.",
    "{child} did not want to talk today and asked to go back to class.",
    "{child} said school is the best part of the week because there is breakfast club.",
)
LATE_REASONS = (
    "The family cancelled two home visits; the child could not be seen until the third.",
    "Waiting for the health visitor's and school's information.",
    "Worker absent through sickness; reallocated within the team.",
    "Further concerns came in during the assessment and were looked into first.",
    "The family moved address during the assessment.",
    "Interpreter needed for the parents; the first date offered was later than hoped.",
)
CHILD_NOT_SEEN = (
    "The family moved away before a visit could be made; information shared with the new "
    "authority.",
    "{carer} declined a visit; the concern did not meet the threshold to insist, and the "
    "school confirmed {child} is well.",
    "Unborn: the assessment was of the parents and the home.",
)
CONFERENCE_LATE = (
    "The first date the chair, police and health could all attend.",
    "Rearranged at the family's request so that their advocate could attend.",
    "Postponed while the medical findings were awaited.",
)
UNSHARED_REPORTS = (
    "The police report arrived on the morning of the conference; the chair went through it "
    "with the parents before it began.",
    "The parents did not attend the pre-meeting; reports were offered on the day.",
)
STRATEGY_INFO = (
    "Police hold two call-outs to the address in the last month. Health: missed "
    "immunisations. School: attendance 81% and {child} arrives hungry.",
    "The paediatrician's view is that the bruising is not consistent with the account "
    "given. Police checks show a conviction for assault for the mother's partner.",
    "{child} disclosed to a teacher this morning. Police will lead a joint investigation.",
    "Health visitor reports the baby's weight has dropped across two centiles; the home "
    "was cold and dirty at the last visit.",
    "Police attended a domestic incident; {child} was present and called 999.",
)
STRATEGY_YES = (
    "There is reasonable cause to suspect {child} is suffering, or likely to suffer, "
    "significant harm. Single-agency section 47 led by social care.",
    "Joint investigation with police: visit today, achieving best evidence interview "
    "to be considered.",
    "Section 47 enquiry; child protection medical arranged for tomorrow.",
)
STRATEGY_NO = (
    "Threshold for section 47 not met; continue the assessment under section 17.",
    "Information from partners explains the injury; no section 47, single assessment to "
    "continue.",
)
S47_FINDINGS = {
    "not_substantiated": (
        "Concerns not substantiated: {child}'s account and the medical findings are "
        "consistent with an accident.",
        "No evidence of harm found. Family offered early help support.",
    ),
    "substantiated_not_at_risk": (
        "Concerns substantiated, but {carer} has acted protectively; the risk is managed "
        "through a child in need plan.",
        "The incident happened, but the adult concerned has left the household and {carer} "
        "is working with services.",
    ),
    "substantiated_conference": (
        "Concerns substantiated; {child} is judged to be at continuing risk of significant "
        "harm. Initial child protection conference to be convened.",
        "Pattern of neglect established over months; conference needed to agree a "
        "multi-agency plan.",
    ),
}
VENUES = ("Civic Centre, Meeting Room 2", "Riverside Family Centre", "Children's Services, "
          "Conference Room A", "Online (Microsoft Teams)", "Northbrook Town Hall, Room 4")
CONFERENCE_PLAN = (
    "Agencies agreed {child} is likely to suffer significant harm; a child protection plan "
    "is needed.",
    "Despite support, the concerns persist; the chair and agencies agreed a plan.",
)
CONFERENCE_NO_PLAN = (
    "Concerns are real but can be met through a child in need plan; {carer} is engaging.",
    "The risk has reduced since the enquiry; no plan, child in need support to continue.",
)
REVIEW_CONTINUE = (
    "Some progress, but the core group agree the risk remains; the plan continues.",
    "Actions on housing and school attendance are behind; the plan continues with a "
    "tighter timescale.",
)
REVIEW_END = (
    "The plan's outcomes have been met and sustained; the plan ends and a child in need "
    "plan follows.",
    "{carer} has made and kept the changes; agencies agree {child} is no longer at risk of "
    "significant harm.",
)
RECONVENE = ("The core group report the plan is not working: {carer} has stopped engaging "
             "and there has been a new incident.",)
MINUTES = ("Minutes of the conference for {child}: present, apologies, information shared "
           "by each agency, the family's views, the decision and the plan.")
DISSENTS = (
    "Police do not agree a plan is needed: the risk is managed by the bail conditions.",
    "School dissents: the school's view is that the category should be neglect, not "
    "emotional abuse.",
    "Health visitor dissents from the decision not to make a plan; the baby's weight "
    "remains a concern.",
)
AMENDMENTS = (
    "Please correct the date of the last home visit in section 3.",
    "My report said attendance was 84%, not 48%.",
    "{carer}'s comments about the housing officer were misrecorded.",
)
REPORTS = (
    "{child} attends regularly, is settled in class and is making expected progress.",
    "{child}'s attendance has fallen to 82%; they often arrive late and hungry.",
    "Seen at clinic; weight on the 25th centile. Immunisations up to date.",
    "Two police call-outs to the address in the last six months; no arrests.",
    "{carer} has missed three appointments; the practice has written to the family.",
)
OUTCOMES = (
    "{child} lives in a home free from domestic abuse, with adults who keep them safe.",
    "{child}'s health, hygiene and school attendance needs are met every day.",
    "{carer} recognises the impact of drinking on {child} and keeps to the safety plan.",
)
ACTIONS = (
    ("{carer} to attend the Freedom programme weekly.", "{carer} understands the impact "
     "of domestic abuse on {child}", "family"),
    ("School to monitor attendance and report any absence the same day.",
     "Attendance above 95%", "school"),
    ("Health visitor to weigh {child} fortnightly and share the results with the core "
     "group.", "{child}'s weight back on their centile", "health"),
    ("Social worker to complete direct work with {child} (three sessions).",
     "{child}'s wishes and feelings are known and inform the plan", "social_worker"),
    ("{carer} to engage with the drug and alcohol service and provide test results.",
     "{carer} is abstinent, evidenced by tests", "family"),
    ("Police to share any call-out to the address with the social worker within 24 "
     "hours.", "Everyone knows of new incidents at once", "police"),
    ("Housing to complete the repairs to the heating.", "A warm, safe home", "housing"),
    ("GP to review {carer}'s medication.", "{carer}'s mental health is stable", "gp"),
)
PROGRESS = (
    "Started; first session attended.",
    "Progress is slow: one session missed.",
    "On track, reported at the core group.",
    "Completed as agreed.",
    "Partly done; the date has been agreed again at the core group.",
)
CORE_GROUP_NOTES = (
    "Each agency updated on the actions; the plan is working.",
    "{carer} attended and agreed the updated actions.",
    "Concern about missed appointments; actions tightened.",
    "Good progress at school; health actions behind.",
)
VISIT_NOTES = (
    "Home warm and tidy; {child} showed me their bedroom.",
    "{child} seen at school, then at home with {carer}.",
    "Food in the cupboards; {carer} more positive today.",
    "{carer}'s partner present; {child} quieter than usual.",
    "Unannounced visit; home conditions have slipped.",
)
NOT_SEEN = (
    "No answer at the door; card left and visit rearranged for tomorrow.",
    "{child} at a relative's; {carer} seen alone.",
    "{child} asleep after being unwell; {carer} refused to wake them.",
)
CLOSURE_NOTES = {
    "RC1": "Adoption order granted.",
    "RC2": "Child died; the case is closed and partners told.",
    "RC3": "Child arrangements order made: {child} lives with their father.",
    "RC4": "Special guardianship order to the grandmother.",
    "RC5": "Family moved to another authority; case transferred with a full handover.",
    "RC6": "Turned 18; transferred to adult social care.",
    "RC7": "Plan outcomes met; services no longer needed.",
    "RC8": "Assessment complete; no further action.",
    "RC9": "Assessment complete; the family are supported by early help.",
}
CHANGES = {
    "new_adult": "{carer}'s new partner has moved into the household.",
    "move": "The family moved to a new address in the authority.",
    "new_baby": "{carer} has had a baby; the baby is in the household.",
    "worker": "Case transferred to a new social worker.",
    "plan_started": "{child} is now subject to a child protection plan.",
    "plan_ended": "{child}'s plan has ended.",
    "closed": "{child}'s case is closed.",
}

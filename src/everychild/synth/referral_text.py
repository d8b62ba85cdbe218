"""What synthetic referrals say: concerns in a referrer's words, incidents, the front
door's reasons. All invented; placeholders are filled from the referral's own people.

Placeholders: {child} (the child the concern is about), {others} (their brothers and
sisters, or "the other children"), {carer} (the parent named first), {adult} (another
adult in the household, or "a man"), {age}, {street}, {weekday}.
"""

from __future__ import annotations

from dataclasses import dataclass

from everychild.referrals.models import HarmCategory, Outcome

H = HarmCategory


@dataclass(frozen=True)
class Category:
    key: str
    significant_harm: float  # chance the referrer believes a child is at risk of it
    harm: tuple[str, ...]    # the kinds of harm named when they do
    # (voices, text): who could have written it, by referrer group (referral_sources),
    # or "any".
    concerns: tuple[tuple[str, str], ...]
    incidents: tuple[str, ...]

    def concern(self, group: str, *, siblings: bool) -> list[str]:
        """The texts a referrer of this group could have written."""
        texts = [t for voices, t in self.concerns
                 if (voices == "any" or group in voices.split())
                 and (siblings or "{others}" not in t)]
        return texts or [t for _, t in self.concerns if siblings or "{others}" not in t] \
            or [t for _, t in self.concerns]


CATEGORIES = {c.key: c for c in (
    Category("domestic_abuse", 0.14, (H.EMOTIONAL, H.PHYSICAL), (
        ("police", "Officers attended {street} on {weekday} night after a neighbour reported "
         "shouting. {carer} had a cut lip and said {adult} had pushed them into a door. "
         "{child} was awake and crying on the stairs. This is the second call to the address "
         "this year."),
        ("police", "Domestic incident at {street}: {adult} was arrested after damaging the "
         "front door. {child} and {others} were in the house and saw it."),
        ("school", "{child} told their teacher that {adult} 'went mad' at home at the weekend "
         "and broke the television, and that {carer} was crying. {child} said they hid in "
         "their room."),
        ("any", "{carer} disclosed that {adult} controls the money and checks their phone, "
         "and threw a cup at {carer} last week while {child} was in the room."),
        ("public", "I hear shouting from next door most nights. Last night {adult} was "
         "screaming at {carer} and I could hear {child} crying."),
        ("child", "{adult} hurt {carer} again last night and I'm scared to go home."),
    ), (
        "Verbal argument escalating to assault at the home address; children present.",
        "Report of shouting and a door being kicked in; police attended.",
    )),
    Category("neglect", 0.12, (H.NEGLECT,), (
        ("school", "{child} ({age}) regularly arrives hungry and has been taking food from "
         "other children's lunch boxes. Uniform is unwashed and too small, and {child} says "
         "the electricity has run out at home."),
        ("health la", "On a home visit the flat was cold, with dog mess on the floor and no "
         "food in the fridge. {child} had a rash that had not been treated and {carer} was "
         "asleep when we arrived at eleven in the morning."),
        ("health", "{child} has missed three dental and two hospital appointments this year "
         "and has untreated tooth decay causing pain. {carer} has not answered letters or "
         "calls."),
        ("police", "Officers called to {street} found {child} and {others} alone in the house "
         "at midnight with no food; {carer} returned at two in the morning."),
        ("public", "The children are out on the street late at night with no coats, and "
         "{child} told me there is no food in the house."),
        ("child", "There's never any food at home and I have to look after {others} on my "
         "own."),
    ), (
        "Home visit found poor conditions and no food in the house.",
        "Child seen in dirty clothing and complaining of hunger.",
    )),
    Category("physical", 0.25, (H.PHYSICAL,), (
        ("school", "{child} ({age}) has a bruise about the size of a thumb on the left cheek. "
         "Asked about it, {child} said '{adult} grabbed me' and then said they had fallen "
         "over."),
        ("school", "{child} came into school with marks on the back of both legs and said "
         "they were hit with a belt for lying."),
        ("health", "{child} ({age}) was brought in with a spiral fracture of the upper arm. "
         "The account of a fall from the sofa does not fit the injury and there was a delay "
         "of two days before the family sought help."),
        ("police", "Officers were called to {street} after {child} ({age}) was seen with a "
         "bleeding nose; {child} said {adult} had hit them."),
        ("public la", "I saw {adult} hit {child} hard across the head outside the shops on "
         "{weekday}. {child} was crying and held their ear."),
        ("child", "{adult} hit me with a belt last night and I've got marks on my legs."),
    ), (
        "Injury seen and the child's account recorded.",
        "Child seen with an unexplained injury.",
    )),
    Category("emotional", 0.08, (H.EMOTIONAL,), (
        ("school health", "{child} ({age}) has become withdrawn and tearful over the last "
         "month and says {carer} tells them they are stupid and wishes they had never been "
         "born."),
        ("school", "{child} is frightened to go home at the end of the day and has asked to "
         "stay at after-school club. {child} says there is 'always shouting'."),
        ("public", "{carer} screams at {child} and calls them names; I can hear it through "
         "the wall most evenings."),
        ("child", "I don't feel safe at home. {carer} shouts at me every day and says I'm "
         "useless."),
    ), (
        "Child upset and reluctant to go home.",
    )),
    Category("sexual", 0.6, (H.SEXUAL,), (
        ("school", "{child} ({age}) told a friend, who told staff, that an older man who "
         "visits the house asks {child} to keep secrets and sends messages at night."),
        ("any", "{child} ({age}) has been seen getting into cars with older males after "
         "school and has a new phone and clothes that the family cannot explain."),
    ), (
        "Disclosure made to a member of staff and recorded word for word.",
    )),
    Category("mental_health", 0.10, (H.NEGLECT, H.EMOTIONAL), (
        ("health", "{carer} was seen in the emergency department after an overdose, and is "
         "the sole carer for {child} and {others}; a neighbour is looking after them "
         "tonight."),
        ("any", "{carer} has stopped taking prescribed medication and is saying the children "
         "are being watched through the television. {child} has been caring for {others}."),
        ("any", "{carer} told us they feel unable to get out of bed and that {child} ({age}) "
         "gets themselves to school and makes their own meals."),
    ), (
        "Parent seen in crisis; children at home.",
    )),
    Category("substance_misuse", 0.12, (H.NEGLECT,), (
        ("police", "{carer} and {adult} were found under the influence at the home address "
         "with drug paraphernalia within reach of {child} ({age})."),
        ("school health", "{carer} arrived to collect {child} smelling strongly of alcohol "
         "and unsteady, and intended to drive home."),
        ("public any", "{carer} is drunk most days by lunchtime and {child} is left to look "
         "after themselves."),
    ), (
        "Parent under the influence while caring for the children.",
    )),
    Category("attendance", 0.02, (H.NEGLECT,), (
        ("school la", "{child}'s attendance has fallen to 71% this term, with most absences "
         "on Mondays. Letters and calls to {carer} have not been answered and a home visit "
         "found nobody in."),
        ("school", "{child} has not been in school for three weeks and the family have not "
         "replied to us. {others} also attend and their attendance has dropped."),
    ), (
        "Home visit after prolonged absence; no answer at the door.",
    )),
    Category("missing", 0.2, (H.SEXUAL, H.EMOTIONAL), (
        ("police la", "{child} ({age}) was reported missing overnight for the third time this "
         "month and was found in another town with older young people known to police."),
        ("police la", "{child} ({age}) was stopped with cash and two phones and would not say "
         "where they had been. We are worried about criminal exploitation."),
    ), (
        "Reported missing from home; found the next morning.",
    )),
    Category("behaviour", 0.03, (H.EMOTIONAL,), (
        ("any", "{child} ({age}) is becoming more aggressive at home and {carer} says they "
         "can no longer cope and has asked for help."),
        ("school", "{child} has been excluded twice this term for fighting and {carer} is "
         "asking for support with behaviour at home."),
    ), (
        "Parent asked for help with the child's behaviour.",
    )),
    Category("housing", 0.04, (H.NEGLECT,), (
        ("any", "The family are living in one room at {street} with damp and mould. {carer} "
         "is struggling with rent arrears and has been served notice."),
        ("la", "{carer} came to us homeless with {child} and {others} after leaving {adult}; "
         "they have been sleeping on a friend's floor."),
    ), (
        "Family presented as homeless.",
    )),
    Category("prebirth", 0.2, (H.NEGLECT,), (
        ("any", "{carer} is pregnant and booked late, at 24 weeks. There is a history of drug "
         "use and {carer} says {adult} is the father; we are worried about the baby's safety "
         "after birth."),
        ("any", "{carer} is expecting a baby soon and has not attended antenatal care since "
         "the first scan, and has told the midwife the relationship with {adult} is "
         "violent."),
    ), (
        "Late booking and missed antenatal appointments.",
    )),
)}

# Which concerns each kind of referrer tends to raise, as weights.
CONCERNS_BY_GROUP = {
    "police": {"domestic_abuse": 50, "missing": 12, "physical": 10, "substance_misuse": 8,
               "neglect": 8, "sexual": 5, "behaviour": 7},
    "school": {"physical": 18, "neglect": 22, "emotional": 14, "attendance": 16,
               "domestic_abuse": 10, "sexual": 5, "behaviour": 10, "mental_health": 5},
    "health": {"neglect": 24, "physical": 20, "mental_health": 20, "substance_misuse": 14,
               "domestic_abuse": 12, "emotional": 10},
    "la": {"neglect": 20, "domestic_abuse": 15, "housing": 15, "behaviour": 15,
           "mental_health": 15, "substance_misuse": 10, "missing": 10},
    "public": {"neglect": 35, "domestic_abuse": 20, "emotional": 15, "physical": 15,
               "substance_misuse": 15},
    "child": {"emotional": 30, "physical": 25, "neglect": 25, "domestic_abuse": 20},
}

WHEN_TEXTS = ("last week", "over the weekend", "a few days ago", "since the summer",
              "on and off for months", "last night")

PAST_CONCERNS_KNOWN = (
    "We referred this family on {date} with similar worries.",
    "Known to us since {date}; things had improved until recently.",
    "Children's social care were involved after a referral on {date}.",
)
PAST_CONCERNS_NONE = ("None known to us.", "Not that I know of.", "")

SHARING_REASONS = (
    "Telling the family now could place {child} at greater risk before checks are made.",
    "There is a risk of significant harm and the person causing concern lives with {child}.",
    "{carer} refused consent but the worry about {child} needs to be looked at today.",
)
POLICE_SHARING = "Domestic abuse notification: shared under the police duty to protect children."

DECISION_REASONS = {
    Outcome.NFA: (
        "Checks with the school and GP show no further concerns; the family is already "
        "getting the support it needs. No further action; advice given to the referrer.",
        "A one-off incident with a protective parent who has taken action. No further "
        "action by children's social care.",
        "Same incident as a referral already being considered; information added to it. "
        "No further action on this one.",
    ),
    Outcome.EARLY_HELP: (
        "Needs are below the threshold for social care but the family would benefit from "
        "early help; {carer} agrees. Passed to the early help service.",
        "Parenting support and help with routines would make a difference; early help "
        "assessment offered and accepted.",
    ),
    Outcome.ASSESSMENT: (
        "The child may be in need and the picture is unclear; an assessment by a social "
        "worker is needed to understand the family's situation.",
        "Repeated concerns from more than one agency; assessment to look at the pattern, "
        "not this incident alone.",
    ),
    Outcome.STRATEGY_DISCUSSION: (
        "Reasonable cause to suspect the child is suffering significant harm: strategy "
        "discussion with police and health today.",
        "Injury and account do not fit; strategy discussion convened with police and the "
        "paediatrician.",
    ),
}
RETURN_NOTES = (
    "Please check with the school and health visitor before deciding; the history shows "
    "earlier concerns that are not mentioned in the reasons.",
    "The reasons do not address the risk from the adult in the household; please look "
    "again.",
)

RAG_RAISED = ("Raised after checks: police hold further incidents at this address.",
              "Raised: the child is under one and was not seen by the referrer.")
RAG_LOWERED = ("Lowered after speaking to the referrer: the child is safe with a relative "
               "tonight.",
               "Lowered: the school confirms the child is in and well today.")

INFORMATION_QUESTIONS = {
    "school": ("Is {child} in school today, and have you any recent concerns?",
               "What is {child}'s attendance this term and how do they present?"),
    "gp_practice": ("Are there any health concerns or missed appointments for {child}?",
                    "Is there anything on the parents' records we should know about?"),
    "police": ("Are there other incidents recorded at this address or for the adults?",),
}
INFORMATION_ANSWERS = {
    "school": ("In today and seemed settled. Attendance 94%; no other concerns logged.",
               "Attendance 78%. Often late and hungry; two earlier concerns logged."),
    "gp_practice": ("Immunisations up to date; one missed appointment last year.",
                    "Nothing of note on the children's records."),
    "police": ("Two earlier domestic incidents at the address, both verbal only.",
               "No other incidents held for the adults named."),
}

OTHER_LA = ("Eastmoor Borough Council", "Hallam Vale Council", "Corrie Dale Council",
            "Wrenfield City Council")
# Invented organisations (a district's name goes in front) and who there refers.
VOLUNTARY = (("Children's Centre", "Family support worker"), ("Family Hub", "Outreach worker"),
             ("Domestic Abuse Service", "Independent domestic violence adviser"),
             ("Youth Project", "Youth worker"), ("Foodbank", "Volunteer"),
             ("Nursery", "Nursery manager"), ("Community Church", "Minister"))
PRIMARY_HEALTH = (("Community Dental Service", "Dentist"), ("Pharmacy", "Pharmacist"),
                  ("Sexual Health Clinic", "Nurse"),
                  ("Child and Adolescent Mental Health Service", "Clinical psychologist"))
EDUCATION = (("Education Welfare Service", "Education welfare officer"),
             ("Special Educational Needs Team", "Casework officer"),
             ("Elective Home Education Team", "Home education adviser"))

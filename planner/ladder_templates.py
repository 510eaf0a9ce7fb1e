"""Suggested ladders, three or more for each area, as data.

A suggestion is only a starting point: the person edits it before anything is saved.
Every ladder here climbs the same four ways, and tests/planner/test_ladder_templates.py
holds it to that:

- predicted distress (SUDS) never falls from one step to the next;
- online before blended before in person;
- short before long;
- in person, someone trusted comes along first and the last step is done alone;
- the number of people around grows one size at a time (none, one, a few, a group),
  so no ladder goes straight into a crowd, and every group step says you can leave.

Every step carries an exit strategy, because knowing how to leave is what makes
staying possible.
"""

import re
from dataclasses import dataclass
from enum import IntEnum
from functools import cache

from planner.models.goals import Accommodation, Area, Mode

QUIET = Accommodation.QUIET_PLACE
LEAVE = Accommodation.LEAVE_ANY_TIME
BREAKS = Accommodation.BREAKS
SENSORY = Accommodation.SENSORY_FRIENDLY
SMALL = Accommodation.SMALL_GROUP


class People(IntEnum):
    """How many people the step has you talking with or among (an ally not counted)."""

    NONE = 0
    ONE = 1
    FEW = 2
    GROUP = 3


MODE_ORDER = {Mode.ONLINE: 0, Mode.BLENDED: 1, Mode.OFFLINE: 2}


@dataclass(frozen=True)
class TemplateStep:
    title: str
    description: str
    suds: int
    mode: Mode
    minutes: int
    people: People
    exit_strategy: str
    with_ally: bool = False
    accommodations: tuple[Accommodation, ...] = ()


@dataclass(frozen=True)
class LadderTemplate:
    key: str
    area: Area
    title: str
    summary: str
    steps: tuple[TemplateStep, ...]
    # Words a goal might use for this ladder, singular and lower case: suggestions
    # follow the goal's own words first, its area second (see suggestions_for).
    tags: tuple[str, ...] = ()


def _step(title, description, *, suds, mode, minutes, people, exit, ally=False, acc=()):
    return TemplateStep(
        title=title,
        description=description,
        suds=suds,
        mode=mode,
        minutes=minutes,
        people=people,
        exit_strategy=exit,
        with_ally=ally,
        accommodations=tuple(acc),
    )


ON, BLEND, OFF = Mode.ONLINE, Mode.BLENDED, Mode.OFFLINE
P0, P1, P2, P3 = People.NONE, People.ONE, People.FEW, People.GROUP

TEMPLATES: tuple[LadderTemplate, ...] = (
    # --- Social skills ------------------------------------------------------------------
    LadderTemplate(
        key="small-talk",
        area=Area.SOCIAL_SKILLS,
        title="Small talk, a little at a time",
        summary="From noting one opening line to joining a short chat with a few people.",
        tags=(
            "hello",
            "hi",
            "chat",
            "talk",
            "conversation",
            "neighbour",
            "neighbor",
            "stranger",
            "shop",
            "cashier",
            "greet",
            "smile",
        ),
        steps=(
            _step(
                "Collect one opening line",
                "Read or watch one short piece about starting a conversation and write down an opener that sounds like you.",
                suds=10,
                mode=ON,
                minutes=10,
                people=P0,
                exit="Close it whenever you like; one line written down is enough for today.",
            ),
            _step(
                "Ask someone how their week went, by message",
                "Send a short, friendly message to someone you already know and ask one question about their week.",
                suds=20,
                mode=ON,
                minutes=15,
                people=P1,
                exit="If the words won't come, send 'thinking of you' and put the phone down.",
            ),
            _step(
                "Ask a shop assistant one question, with someone beside you",
                "At a quiet shop, ask a member of staff a simple question while someone you trust stays close.",
                suds=35,
                mode=OFF,
                minutes=15,
                people=P1,
                ally=True,
                acc=(QUIET, LEAVE),
                exit="Say 'thanks, that's all I needed' and walk back to the person you came with.",
            ),
            _step(
                "Greet a neighbour or a familiar face",
                "Say hello and one more sentence (the weather counts) to someone you see often.",
                suds=40,
                mode=OFF,
                minutes=15,
                people=P1,
                acc=(LEAVE,),
                exit="Smile, say 'have a good day' and carry on with where you were going.",
            ),
            _step(
                "A five-minute chat at a counter or desk",
                "At a library desk, café counter or market stall, keep a light chat going for a few minutes.",
                suds=50,
                mode=OFF,
                minutes=20,
                people=P1,
                acc=(QUIET, LEAVE),
                exit="'I'd better get going, thanks for the chat' ends it kindly at any point.",
            ),
            _step(
                "Join a short chat with a few people",
                "At a class, club or gathering you already know, join a conversation of two or three people and say one thing.",
                suds=65,
                mode=OFF,
                minutes=45,
                people=P2,
                acc=(SMALL, LEAVE, BREAKS),
                exit="Step away to get a drink or some air; you can come back or head home.",
            ),
        ),
    ),
    LadderTemplate(
        key="asking-for-help",
        area=Area.SOCIAL_SKILLS,
        title="Asking for what I need",
        summary="From an online question to asking someone face to face for a favour.",
        tags=("ask", "help", "need", "favour", "favor", "question", "support", "request"),
        steps=(
            _step(
                "Ask a question on a friendly forum",
                "Post one practical question in an online forum about something you use or enjoy.",
                suds=10,
                mode=ON,
                minutes=10,
                people=P0,
                exit="You don't have to read the replies today; close the page when you like.",
            ),
            _step(
                "Ask a friend for a small recommendation",
                "Message someone you know and ask for a tip: a book, a recipe, a walk, a show.",
                suds=20,
                mode=ON,
                minutes=10,
                people=P1,
                exit="If it feels like too much, save the message as a draft and send it another day.",
            ),
            _step(
                "Phone a library or shop with a question",
                "Call and ask something simple, such as opening hours or whether they stock an item. Jot your question down first.",
                suds=30,
                mode=ON,
                minutes=10,
                people=P1,
                exit="'Thanks, I'll call back later' is a fine way to end the call.",
            ),
            _step(
                "Ask for help in person, with someone alongside",
                "Ask a librarian, pharmacist or shop assistant for help finding something, with someone you trust nearby.",
                suds=40,
                mode=OFF,
                minutes=15,
                people=P1,
                ally=True,
                acc=(QUIET, LEAVE),
                exit="Agree a signal with the person you came with; when you use it, you both leave, no explaining.",
            ),
            _step(
                "Ask for help in person on your own",
                "The same kind of question, at a place you know, on your own.",
                suds=50,
                mode=OFF,
                minutes=15,
                people=P1,
                acc=(QUIET, LEAVE),
                exit="'That's fine, I'll look myself, thank you' ends it whenever you want.",
            ),
            _step(
                "Ask someone you know for a practical favour",
                "Ask a friend or neighbour for a hand with something small: a lift, a ladder, a second opinion.",
                suds=60,
                mode=OFF,
                minutes=20,
                people=P1,
                acc=(LEAVE,),
                exit="Leave room for a no: 'no worries if not' lets you both step back easily.",
            ),
        ),
    ),
    LadderTemplate(
        key="saying-what-i-think",
        area=Area.SOCIAL_SKILLS,
        title="Saying what I think, kindly",
        summary="From an honest online review to sharing a view in a small group.",
        tags=("opinion", "think", "speak", "disagree", "voice", "honest", "assertive", "boundary"),
        steps=(
            _step(
                "Write an honest review",
                "Share your real opinion of a book, film or product in a short review or comment.",
                suds=15,
                mode=ON,
                minutes=10,
                people=P0,
                exit="Post it without your name, or keep it private; writing it is the practice.",
            ),
            _step(
                "Turn down something small by message",
                "Say no to a small request or invitation by message, kindly and without a long apology.",
                suds=25,
                mode=ON,
                minutes=10,
                people=P1,
                exit="Use a ready line: 'Thanks for asking, it's not for me this time.'",
            ),
            _step(
                "Suggest a plan on a call",
                "On a voice or video call, suggest what to do or where to meet instead of leaving it to the other person.",
                suds=35,
                mode=ON,
                minutes=15,
                people=P1,
                exit="'Let me think and message you' gives you time whenever you need it.",
            ),
            _step(
                "Return or change something in a shop, with support",
                "Take something back or ask for a change to an order, with someone you trust beside you.",
                suds=45,
                mode=OFF,
                minutes=15,
                people=P1,
                ally=True,
                acc=(QUIET, LEAVE),
                exit="If it gets tense, say 'I'll come back another time' and leave with your companion.",
            ),
            _step(
                "Share your view with one person face to face",
                "In a calm conversation, say what you think about something that matters a little to you.",
                suds=55,
                mode=OFF,
                minutes=20,
                people=P1,
                acc=(LEAVE,),
                exit="'I'd like to think about it more' closes the topic without closing the door.",
            ),
            _step(
                "Speak up once in a small group",
                "In a group of two or three people, offer one opinion or idea.",
                suds=65,
                mode=OFF,
                minutes=45,
                people=P2,
                acc=(SMALL, LEAVE, BREAKS),
                exit="Having said your one thing, you can listen for the rest or head off early.",
            ),
        ),
    ),
    # --- Technology as a bridge -------------------------------------------------------
    LadderTemplate(
        key="calls-to-a-visit",
        area=Area.TECHNOLOGY,
        title="From messages to calls to a visit",
        summary="Use a phone or laptop to rebuild contact with someone, then meet them.",
        tags=("call", "phone", "message", "text", "video", "visit", "app", "email"),
        steps=(
            _step(
                "Set up a messaging or video app",
                "Install or update an app you'd like to use and learn its basics. A patient helper on the phone is welcome.",
                suds=10,
                mode=ON,
                minutes=15,
                people=P0,
                exit="Stop whenever it gets fiddly; it will still be there tomorrow.",
            ),
            _step(
                "Send a photo or a short message",
                "Share something small with one person: a photo of your day, a song, a 'hello'.",
                suds=15,
                mode=ON,
                minutes=15,
                people=P1,
                exit="There's no need to wait for a reply; put the phone face down once it's sent.",
            ),
            _step(
                "A ten-minute voice call",
                "Call the same person for a short chat. Decide the end time before you dial.",
                suds=25,
                mode=ON,
                minutes=15,
                people=P1,
                exit="'I need to go now, shall we talk again soon?' ends any call.",
            ),
            _step(
                "A video call",
                "Try a video call; keep the camera pointed away if that's easier at first.",
                suds=35,
                mode=ON,
                minutes=20,
                people=P1,
                acc=(BREAKS,),
                exit="Turn the camera off or switch to voice only; you can also end the call at any time.",
            ),
            _step(
                "A video call with two or three people",
                "Join or set up a short call with a few people you know.",
                suds=45,
                mode=ON,
                minutes=30,
                people=P2,
                acc=(BREAKS, LEAVE),
                exit="Say 'I'll drop off now, lovely to see you' and leave the call.",
            ),
            _step(
                "Meet in person, with someone alongside",
                "Meet the person you've been calling for a short walk or a drink, with someone you trust along or nearby. Keep the video call as your back-up plan.",
                suds=55,
                mode=BLEND,
                minutes=45,
                people=P1,
                ally=True,
                acc=(QUIET, LEAVE),
                exit="Agree beforehand that you can switch back to a call another time; leave with your companion whenever you need.",
            ),
            _step(
                "Meet in person on your own",
                "Meet them again, just the two of you, somewhere quiet you both like.",
                suds=65,
                mode=OFF,
                minutes=60,
                people=P1,
                acc=(QUIET, LEAVE),
                exit="Plan your way home before you go, so leaving early is easy.",
            ),
        ),
    ),
    LadderTemplate(
        key="online-group-to-meetup",
        area=Area.TECHNOLOGY,
        title="An online interest group, then a meet-up",
        summary="Find people who share an interest online, then meet a few of them.",
        tags=(
            "online",
            "group",
            "forum",
            "interest",
            "hobby",
            "meetup",
            "club",
            "game",
            "internet",
        ),
        steps=(
            _step(
                "Find an online group and just read",
                "Look for a group about something you enjoy (a hobby, a show, a local area) and read what people post.",
                suds=5,
                mode=ON,
                minutes=10,
                people=P0,
                exit="Read as much or as little as you like, then close the page.",
            ),
            _step(
                "Leave a short comment",
                "React to a post or leave one friendly line.",
                suds=15,
                mode=ON,
                minutes=10,
                people=P0,
                exit="You can delete a comment later if you change your mind.",
            ),
            _step(
                "Message one member directly",
                "Reply privately to someone whose posts you like and ask them a question about the shared interest.",
                suds=25,
                mode=ON,
                minutes=15,
                people=P1,
                exit="A short 'thanks, good to chat' ends the exchange whenever you want.",
            ),
            _step(
                "Join a small live online meet-up",
                "Join a small video or voice session run by the group. The camera is optional.",
                suds=35,
                mode=ON,
                minutes=30,
                people=P2,
                acc=(BREAKS, LEAVE),
                exit="Leave the call quietly at any time; nobody needs a reason.",
            ),
            _step(
                "Meet one or two members in person, with someone alongside",
                "Meet a couple of members somewhere quiet, with someone you trust joining you.",
                suds=50,
                mode=OFF,
                minutes=45,
                people=P2,
                ally=True,
                acc=(QUIET, SMALL, LEAVE),
                exit="Agree a signal with your companion; when you use it, you both say goodbye and go.",
            ),
            _step(
                "Go to the group's in-person meet-up",
                "Go to a regular meet-up on your own. Arrive early, while it's still small, and know where the exit is.",
                suds=65,
                mode=OFF,
                minutes=60,
                people=P3,
                acc=(LEAVE, BREAKS),
                exit="Step outside for a break whenever you like, and leave once you've had enough.",
            ),
        ),
    ),
    LadderTemplate(
        key="online-class-to-classroom",
        area=Area.TECHNOLOGY,
        title="Learning online, then in a class",
        summary="Start with recorded lessons and finish in a real classroom.",
        tags=("learn", "class", "course", "lesson", "study", "classroom", "teach", "skill"),
        steps=(
            _step(
                "Watch a recorded lesson",
                "Pick a free lesson on something you're curious about and watch it through.",
                suds=5,
                mode=ON,
                minutes=15,
                people=P0,
                exit="Pause it anywhere; learning in short bits still counts.",
            ),
            _step(
                "Post once on a course discussion board",
                "In a free online course, write one question or thought on its discussion board.",
                suds=15,
                mode=ON,
                minutes=20,
                people=P0,
                exit="Write it without sending; sending can be tomorrow's step.",
            ),
            _step(
                "A live online class, camera off",
                "Join a live online class with your camera off and type one message in the chat.",
                suds=25,
                mode=ON,
                minutes=30,
                people=P1,
                acc=(BREAKS, LEAVE),
                exit="You can leave the class at any time without saying anything.",
            ),
            _step(
                "A live online class, camera on for a while",
                "Turn your camera on for part of a small online class.",
                suds=35,
                mode=ON,
                minutes=45,
                people=P2,
                acc=(BREAKS, LEAVE),
                exit="Turn the camera off again whenever you want to.",
            ),
            _step(
                "Ask about classes in person, with someone alongside",
                "Visit a library, college or community centre with someone you trust and ask what classes they run.",
                suds=40,
                mode=OFF,
                minutes=45,
                people=P1,
                ally=True,
                acc=(QUIET, LEAVE),
                exit="Take a leaflet and go; you can ask the rest by email.",
            ),
            _step(
                "A taster session, with someone alongside",
                "Go to a free taster or first session with someone you trust.",
                suds=55,
                mode=OFF,
                minutes=60,
                people=P2,
                ally=True,
                acc=(SMALL, LEAVE, BREAKS),
                exit="Sit near the door; leaving at the break is completely fine.",
            ),
            _step(
                "Attend a class on your own",
                "Go to a class session on your own.",
                suds=65,
                mode=OFF,
                minutes=60,
                people=P3,
                acc=(LEAVE, BREAKS),
                exit="Tell the teacher at the start you may need to leave early; then you can, without a fuss.",
            ),
        ),
    ),
    # --- Community and volunteering -----------------------------------------------------
    LadderTemplate(
        key="volunteering-from-home",
        area=Area.COMMUNITY,
        title="Volunteering, starting from home",
        summary="From a small task at home to helping at a community event.",
        tags=("volunteer", "volunteering", "help", "charity", "cause", "donate", "useful"),
        steps=(
            _step(
                "Read about volunteering near you",
                "Look at a local volunteering site and note two roles that sound calm and useful.",
                suds=5,
                mode=ON,
                minutes=15,
                people=P0,
                exit="Bookmark the page and close it; noting one role is enough.",
            ),
            _step(
                "Do a small task from home",
                "Try an online volunteering task: transcribing, mapping, writing a card for a charity.",
                suds=10,
                mode=ON,
                minutes=30,
                people=P0,
                exit="Stop after any piece of the task; each piece is useful on its own.",
            ),
            _step(
                "Message an organisation with a question",
                "Email or message a group you noted and ask what a first shift would be like.",
                suds=25,
                mode=ON,
                minutes=30,
                people=P1,
                exit="Save the message as a draft if it's not the day; send it when it is.",
            ),
            _step(
                "Visit for a chat with the coordinator, with someone alongside",
                "Go to the place for a short, planned chat with the coordinator, with someone you trust.",
                suds=40,
                mode=OFF,
                minutes=30,
                people=P1,
                ally=True,
                acc=(QUIET, LEAVE),
                exit="'Thanks, I'll think about it and be in touch' ends the visit whenever you like.",
            ),
            _step(
                "A first short shift, with someone alongside",
                "Do a short first shift alongside someone you trust or a buddy volunteer.",
                suds=50,
                mode=OFF,
                minutes=60,
                people=P2,
                ally=True,
                acc=(SMALL, BREAKS, LEAVE),
                exit="Agree with the coordinator beforehand that you may finish early.",
            ),
            _step(
                "A regular short shift on your own",
                "Take on a regular short shift at the same time each week.",
                suds=60,
                mode=OFF,
                minutes=90,
                people=P2,
                acc=(SMALL, BREAKS, LEAVE),
                exit="Let the coordinator know you're heading off; short shifts are still help.",
            ),
            _step(
                "Help at a community event",
                "Help at an event with a clear, small job, such as the tea table or the welcome desk.",
                suds=70,
                mode=OFF,
                minutes=120,
                people=P3,
                acc=(BREAKS, LEAVE),
                exit="Pick a quiet spot for breaks in advance and leave whenever you've done enough.",
            ),
        ),
    ),
    LadderTemplate(
        key="familiar-face",
        area=Area.COMMUNITY,
        title="Becoming a familiar face at a local place",
        summary="Make a library, café or community garden somewhere you belong.",
        tags=(
            "local",
            "shop",
            "cafe",
            "café",
            "library",
            "park",
            "neighbour",
            "neighbor",
            "neighbourhood",
            "neighborhood",
            "regular",
            "hello",
            "street",
            "market",
        ),
        steps=(
            _step(
                "Choose a quiet local place",
                "Look up a library, café or garden nearby and when it is usually quiet.",
                suds=5,
                mode=ON,
                minutes=10,
                people=P0,
                exit="Choosing is the whole step; the visit can wait.",
            ),
            _step(
                "Look at the route and the inside",
                "Check the route on a map and look at photos of the inside, so nothing is a surprise.",
                suds=10,
                mode=ON,
                minutes=10,
                people=P0,
                exit="Close the map whenever you've seen enough.",
            ),
            _step(
                "Visit at a quiet time, with someone alongside",
                "Go together with someone you trust at a quiet hour and stay a short while.",
                suds=30,
                mode=OFF,
                minutes=15,
                people=P0,
                ally=True,
                acc=(QUIET, LEAVE),
                exit="You can turn around at the door; getting there is progress.",
            ),
            _step(
                "Visit on your own",
                "Go on your own at a quiet time and do something simple there: read, have a drink, look around.",
                suds=40,
                mode=OFF,
                minutes=20,
                people=P0,
                acc=(QUIET, LEAVE),
                exit="Sit near the door and leave whenever you want.",
            ),
            _step(
                "Say hello or ask the staff something",
                "Greet a member of staff or ask a small question.",
                suds=45,
                mode=OFF,
                minutes=20,
                people=P1,
                acc=(QUIET, LEAVE),
                exit="A nod and 'thanks' is a complete conversation.",
            ),
            _step(
                "Go at the same time each week",
                "Make it a regular visit and greet someone you've started to recognise.",
                suds=55,
                mode=OFF,
                minutes=30,
                people=P1,
                acc=(LEAVE,),
                exit="If it's busier than usual, come back on a quieter day.",
            ),
            _step(
                "Join a small activity there",
                "Try a small activity the place runs, such as a book club, craft table or garden session.",
                suds=65,
                mode=OFF,
                minutes=60,
                people=P2,
                acc=(SMALL, LEAVE, BREAKS),
                exit="Tell the organiser you may slip out early; then slipping out is part of the plan.",
            ),
        ),
    ),
    LadderTemplate(
        key="small-group-activity",
        area=Area.COMMUNITY,
        title="Joining a small group activity",
        summary="A walking group, choir, repair café or garden club, one visit at a time.",
        tags=(
            "group",
            "club",
            "walk",
            "walking",
            "choir",
            "sing",
            "craft",
            "activity",
            "team",
            "sport",
        ),
        steps=(
            _step(
                "Find a small group and read what a first visit is like",
                "Look for a small, friendly group and read about what happens at a first session.",
                suds=10,
                mode=ON,
                minutes=10,
                people=P0,
                exit="Stop reading whenever you like; you've already learned something.",
            ),
            _step(
                "Message the organiser",
                "Ask the organiser one or two questions: how many people come, what to bring.",
                suds=20,
                mode=ON,
                minutes=15,
                people=P1,
                exit="Keep it short: 'Thanks, that helps' ends the exchange.",
            ),
            _step(
                "A short call with the organiser",
                "Have a brief phone or video call, so you'll know one face when you arrive.",
                suds=30,
                mode=ON,
                minutes=15,
                people=P1,
                exit="'I'll see how I feel on the day' is an honest way to end.",
            ),
            _step(
                "Go and watch, with someone alongside",
                "Go with someone you trust, arrive early while it's small, and simply watch or join the start.",
                suds=45,
                mode=OFF,
                minutes=30,
                people=P2,
                ally=True,
                acc=(SMALL, LEAVE),
                exit="Agree beforehand that either of you can say 'let's go' and you both leave.",
            ),
            _step(
                "Take part for a while, with someone alongside",
                "Join in for part of a session with your companion.",
                suds=55,
                mode=OFF,
                minutes=45,
                people=P2,
                ally=True,
                acc=(SMALL, BREAKS, LEAVE),
                exit="Leave at the halfway break if that's enough for today.",
            ),
            _step(
                "A whole session on your own",
                "Go on your own and take part in a whole session.",
                suds=65,
                mode=OFF,
                minutes=60,
                people=P3,
                acc=(BREAKS, LEAVE),
                exit="Tell the organiser you may leave early; then do, whenever you need.",
            ),
            _step(
                "Stay for the chat afterwards",
                "Stay on for the cup of tea or chat after the session.",
                suds=75,
                mode=OFF,
                minutes=75,
                people=P3,
                acc=(BREAKS, LEAVE),
                exit="'I'm heading off, see you next week' works at any moment.",
            ),
        ),
    ),
    # --- Existing relationships ---------------------------------------------------------
    LadderTemplate(
        key="reconnect-friend",
        area=Area.RELATIONSHIPS,
        title="Reconnecting with an old friend",
        summary="From a short message to meeting up regularly.",
        tags=("friend", "old", "reconnect", "touch", "catch", "mate", "pal"),
        steps=(
            _step(
                "Choose someone to reconnect with",
                "Look through old messages or photos and choose one friend you'd like to hear from.",
                suds=15,
                mode=ON,
                minutes=10,
                people=P0,
                exit="Put the photos away whenever you like; choosing can take more than one go.",
            ),
            _step(
                "Send a short message",
                "Send a light message: 'Saw this and thought of you. How are you?'",
                suds=30,
                mode=ON,
                minutes=10,
                people=P1,
                exit="Once it's sent, you're done for today: no need to watch for a reply.",
            ),
            _step(
                "Keep a short exchange going",
                "Reply to their answer and ask one thing back.",
                suds=35,
                mode=ON,
                minutes=15,
                people=P1,
                exit="'Lovely to hear from you, talk soon' closes it warmly.",
            ),
            _step(
                "A voice or video call",
                "Suggest a short call and agree a time.",
                suds=45,
                mode=ON,
                minutes=20,
                people=P1,
                acc=(BREAKS,),
                exit="Mention at the start that you have twenty minutes; then ending is easy.",
            ),
            _step(
                "Meet somewhere quiet, with someone nearby",
                "Meet for a walk or a coffee somewhere quiet. Someone you trust comes for the first part or waits nearby.",
                suds=55,
                mode=OFF,
                minutes=30,
                people=P1,
                ally=True,
                acc=(QUIET, LEAVE),
                exit="Your companion is a message away; text them and leave together.",
            ),
            _step(
                "Meet on your own",
                "Meet again, just the two of you.",
                suds=60,
                mode=OFF,
                minutes=45,
                people=P1,
                acc=(QUIET, LEAVE),
                exit="Plan the end before you start: 'I've got until four.'",
            ),
            _step(
                "Suggest meeting regularly",
                "Suggest making it a regular thing, once a month or so.",
                suds=65,
                mode=OFF,
                minutes=60,
                people=P1,
                acc=(LEAVE,),
                exit="If it's too much to ask face to face, ask by message afterwards.",
            ),
        ),
    ),
    LadderTemplate(
        key="coffee-with-family",
        area=Area.RELATIONSHIPS,
        title="Coffee with a family member",
        summary="Rebuild one family relationship, from a message to a monthly coffee.",
        tags=(
            "family",
            "sister",
            "brother",
            "mum",
            "mom",
            "dad",
            "mother",
            "father",
            "parent",
            "son",
            "daughter",
            "aunt",
            "uncle",
            "cousin",
            "coffee",
            "grandparent",
            "grandchild",
        ),
        steps=(
            _step(
                "Ask how they are, by message",
                "Send a short message asking how they've been.",
                suds=15,
                mode=ON,
                minutes=10,
                people=P1,
                exit="Send it and set the phone aside; a reply can wait.",
            ),
            _step(
                "A short phone call",
                "Call for a few minutes; have one thing you'd like to tell them ready.",
                suds=25,
                mode=ON,
                minutes=10,
                people=P1,
                exit="'I just wanted to hear your voice, I'll call again soon' ends any call.",
            ),
            _step(
                "A video call",
                "A video call of about twenty minutes.",
                suds=30,
                mode=ON,
                minutes=20,
                people=P1,
                acc=(BREAKS,),
                exit="Switch to voice only if the camera gets too much.",
            ),
            _step(
                "Tea at home, with someone else there",
                "Meet at your home or theirs for a cup of tea, with another relative or a trusted person there too.",
                suds=40,
                mode=OFF,
                minutes=30,
                people=P2,
                ally=True,
                acc=(QUIET, LEAVE),
                exit="Agree with the other person that they'll help you wrap up when you give the word.",
            ),
            _step(
                "Coffee, just the two of you",
                "Meet one-to-one somewhere quiet you both know.",
                suds=50,
                mode=OFF,
                minutes=45,
                people=P1,
                acc=(QUIET, LEAVE),
                exit="Choose a place near home so leaving is a short walk.",
            ),
            _step(
                "Plan a monthly coffee",
                "Suggest making it a monthly thing and put the next date in your week.",
                suds=60,
                mode=OFF,
                minutes=60,
                people=P1,
                acc=(LEAVE,),
                exit="Keep it light: 'same time next month?' is enough.",
            ),
        ),
    ),
    LadderTemplate(
        key="family-gatherings",
        area=Area.RELATIONSHIPS,
        title="Back to family gatherings",
        summary="From the family group chat to a gathering on your own terms.",
        tags=(
            "family",
            "gathering",
            "party",
            "birthday",
            "christmas",
            "dinner",
            "celebration",
            "relative",
            "reunion",
            "wedding",
            "holiday",
        ),
        steps=(
            _step(
                "Read the family chat and react to something",
                "Open the family group chat and react to one message or photo.",
                suds=10,
                mode=ON,
                minutes=10,
                people=P0,
                exit="Mute the chat again whenever you like.",
            ),
            _step(
                "Message one relative privately",
                "Send a private message to the relative you feel most at ease with.",
                suds=20,
                mode=ON,
                minutes=10,
                people=P1,
                exit="A short message is plenty; you don't need to keep the chat going.",
            ),
            _step(
                "Post something in the group chat",
                "Share a photo or a line about your week with the family group.",
                suds=25,
                mode=ON,
                minutes=10,
                people=P2,
                exit="Mute notifications after posting, and read the replies when you're ready.",
            ),
            _step(
                "Join part of a family video call",
                "Join a family video call for the first part.",
                suds=35,
                mode=ON,
                minutes=20,
                people=P2,
                acc=(BREAKS, LEAVE),
                exit="Say 'I'll leave you to it, love to all' and hang up.",
            ),
            _step(
                "A small get-together, with someone alongside",
                "Visit one or two relatives at a small, planned get-together with someone you trust.",
                suds=50,
                mode=OFF,
                minutes=45,
                people=P2,
                ally=True,
                acc=(SMALL, QUIET, LEAVE),
                exit="Agree a signal with your companion; when you use it, you both head off.",
            ),
            _step(
                "A larger gathering for an hour, with someone alongside",
                "Arrive early at a bigger family gathering, with someone you trust, and stay about an hour.",
                suds=60,
                mode=OFF,
                minutes=60,
                people=P3,
                ally=True,
                acc=(BREAKS, LEAVE),
                exit="Find a quiet room for breaks when you arrive, and leave at the hour if that's enough.",
            ),
            _step(
                "A gathering on your own, with a planned time to leave",
                "Go to a family gathering on your own, having told someone when you'll leave.",
                suds=70,
                mode=OFF,
                minutes=90,
                people=P3,
                acc=(BREAKS, LEAVE),
                exit="'I said I'd be off by eight' lets you leave without any explaining.",
            ),
        ),
    ),
)

BY_KEY: dict[str, LadderTemplate] = {template.key: template for template in TEMPLATES}


def templates_for_area(area: str) -> list[LadderTemplate]:
    return [template for template in TEMPLATES if template.area == area]


# --- Suggestions that follow the goal's words --------------------------------------
WORD_MATCH, SAME_AREA = 2, 1  # one shared word always outranks the area alone
SUGGESTIONS = 3


def goal_words(text: str) -> set[str]:
    """The goal's words, lower case and roughly singular ("neighbours" -> "neighbour")."""
    words = set()
    for word in re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", text.lower()):
        word = word.removesuffix("'s")
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.add(word)
    return words


@cache
def tag_words(template: LadderTemplate) -> frozenset[str]:
    """The template's tags read the way a goal's words are ("christmas" as "christma")."""
    return frozenset(goal_words(" ".join(template.tags)))


def suggestion_score(template: LadderTemplate, *, words: set[str], area: str | None) -> int:
    return WORD_MATCH * len(words & tag_words(template)) + SAME_AREA * (template.area == area)


def suggestions_for(
    title: str, *, area: str | None, templates=TEMPLATES, limit: int = SUGGESTIONS
) -> list[LadderTemplate]:
    """The suggested ladders for a goal, best first: at most `limit`, never repeated.

    A ladder sharing a word with the goal comes before one only in the same area
    ("say hello to a neighbour" gets small talk before family gatherings). When
    nothing fits, the list is empty: the page offers a blank ladder either way.
    """
    words = goal_words(title)
    scored = [
        (suggestion_score(t, words=words, area=area), index, t) for index, t in enumerate(templates)
    ]
    ranked = sorted((item for item in scored if item[0] > 0), key=lambda item: (-item[0], item[1]))
    return [template for _, _, template in ranked[:limit]]

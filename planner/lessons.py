"""Short lessons for the Learn pages, written in our own plain words.

Plain data, no HTML: each lesson is a few headed sections, and a section is a run of
paragraphs (str) and bullet lists (tuple of str). Templates decide how it looks. Each
reads in about three minutes (350-550 words; tests keep it so).
"""

from dataclasses import dataclass

# Roughly how many words a person reads a minute on a phone, unhurried.
WORDS_PER_MINUTE = 180


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: tuple[str | tuple[str, ...], ...]

    @property
    def parts(self) -> list[dict]:
        """Blocks tagged for the template, which cannot ask a value for its type."""
        return [
            {"points": block} if isinstance(block, tuple) else {"text": block}
            for block in self.blocks
        ]


@dataclass(frozen=True)
class Lesson:
    slug: str
    title: str
    summary: str
    minutes: int
    sections: tuple[Section, ...]

    @property
    def words(self) -> int:
        texts = [self.title]
        for section in self.sections:
            texts.append(section.heading)
            for block in section.blocks:
                texts.extend(block if isinstance(block, tuple) else [block])
        return sum(len(text.split()) for text in texts)


LESSONS: tuple[Lesson, ...] = (
    Lesson(
        slug="isolation-loop",
        title="How isolation keeps itself going",
        summary="Why staying in feels safer, and why it tends to shrink life a little more each time.",
        minutes=3,
        sections=(
            Section(
                "A loop, not a flaw",
                (
                    "Most people who feel cut off did not choose it. Something happened: a move, an illness, a loss, a hard stretch at work, or years of feeling on edge around others. Staying in made sense at the time. It still might, some days.",
                    "The trouble is that isolation tends to feed itself. It works like a loop, and once you can see the loop, you can start to loosen it.",
                ),
            ),
            Section(
                "How the loop goes",
                (
                    (
                        "You think about going out, calling someone or joining in, and you feel uneasy.",
                        "You stay home, and the unease drops straight away. That relief is real, and it teaches your mind that avoiding works.",
                        "Next time, the same thing feels a little harder, because you have had less practice and more time to imagine how it might go.",
                        "With fewer contacts, each one starts to feel more important, so there is more pressure on it going well.",
                        "Low mood creeps in, energy falls, and reaching out feels even further away.",
                    ),
                    "Nothing in this loop is about you being weak or odd. It is how anyone's mind learns when relief comes quickly and the cost comes slowly.",
                ),
            ),
            Section(
                "What loosens it",
                (
                    "The loop runs on avoidance, so the way out is small, planned steps towards people and places, at a pace you choose. Not big leaps. A short walk past the café before you ever go in. A message before a call. Ten minutes at a gathering rather than the whole evening.",
                    "Each step gives your mind new information: that the unease rises and then settles, that most people are kinder or busier than we fear, that you can cope with a moment that does not go perfectly.",
                    "It also helps to connect steps to what matters to you. If you care about being a good aunt, or about music, or about feeling useful, steps that serve those things are easier to keep going with than steps you think you ought to take.",
                ),
            ),
            Section(
                "What to keep in mind",
                (
                    (
                        "The relief of staying in is not a mistake. It is just short-lived.",
                        "Small steps count. Getting to the door is a step.",
                        "The loop took time to form, and it takes time to loosen. That is expected.",
                        "You can pause any time, and you can come back any time.",
                    ),
                    "In Stepwise, your values and your ladder are the tools for this: the values say where you are heading, and the ladder breaks the way into steps small enough to take.",
                ),
            ),
        ),
    ),
    Lesson(
        slug="graded-steps",
        title="How graded steps work",
        summary="Building a ladder from easy to harder, and why you move up only when a step feels manageable.",
        minutes=3,
        sections=(
            Section(
                "The idea in one line",
                (
                    "Start with something that feels a little uncomfortable but doable, practise it until it feels easier, then take the next step up. That is all a ladder is.",
                    "It is sometimes called graded exposure. The word sounds clinical, but the practice is ordinary: it is how people learn to swim, drive, or speak up in meetings.",
                ),
            ),
            Section(
                "Building a ladder",
                (
                    "Think of a goal that matters to you, such as joining a walking group. Then list steps towards it, from easiest to hardest. For example:",
                    (
                        "Look up the group's page and read about it.",
                        "Walk the route on your own at a quiet time.",
                        "Message the organiser with one question.",
                        "Go to a walk and stay for the first ten minutes.",
                        "Go to a whole walk and chat to one person.",
                    ),
                    "Rate each step from 0 to 100 for how distressing you expect it to be. A good first step sits somewhere around 30 to 40: enough to notice, not enough to overwhelm.",
                ),
            ),
            Section(
                "Practising a step",
                (
                    "Before you start, jot down how hard you expect it to be. During the step, notice where your distress peaks. Afterwards, note how it settled and what helped.",
                    "Try to stay with the step until the unease starts to ease, rather than leaving at its highest point. If you do need to leave, that is fine: each step has a way out, and using it is part of the plan, not a breach of it.",
                    "Repeat the same step a few times. Repetition is where the learning happens. Once your peak distress is lower on two attempts in a row, the step is probably ready to move up from. You decide when.",
                ),
            ),
            Section(
                "Making it fit your life",
                (
                    (
                        "Bring someone you trust along for early steps, and do them alone later.",
                        "Shorten a step rather than skip it: five minutes still counts.",
                        "Pick times and places that suit your energy.",
                        "Add steps in between if the gap to the next one feels too big.",
                    ),
                    "A ladder is yours to change. If a step turns out harder than you thought, put a smaller one before it. That is good planning, and it is exactly how the method is meant to be used.",
                ),
            ),
        ),
    ),
    Lesson(
        slug="why-distress-falls",
        title="Why distress falls with practice",
        summary="What happens in your body and mind when you repeat a step, and why the second time is often easier.",
        minutes=3,
        sections=(
            Section(
                "The wave",
                (
                    "When you face something that makes you anxious, distress tends to rise, reach a peak, and then come down on its own, even if you do nothing to make it go. It is a bit like a wave. It can feel as if it will keep climbing for ever, but it does not.",
                    "Your body cannot stay at full alert for long. The racing heart, tight chest and busy thoughts use a lot of energy, and they settle given time.",
                ),
            ),
            Section(
                "Why repeating helps",
                (
                    "Each time you stay with a step, your mind collects new evidence. You expected it to be a 70, and it peaked at 45. You feared people would stare, and nobody did. You thought you would have to leave, and you stayed.",
                    "Over several attempts, two things usually happen:",
                    (
                        "The peak gets lower, because your mind has learned this situation is safer than it predicted.",
                        "The settling gets quicker, because your body has practised calming down here before.",
                    ),
                    "This is why your practice log asks for a forecast and the actual peak. Seeing the gap between them, attempt after attempt, is some of the best evidence there is that the step is working.",
                ),
            ),
            Section(
                "When it does not fall",
                (
                    "Progress is rarely a straight line. Some days the distress is higher than last time, for reasons that have nothing to do with the step: poor sleep, a worrying letter, a cold coming on. One hard attempt does not undo the ones before it.",
                    "If a step stays high over several tries, it may help to:",
                    (
                        "Make the step a little smaller or shorter for now.",
                        "Notice whether you are doing something to feel safe that keeps the fear going, like staring at your phone the whole time.",
                        "Stay a few minutes longer, so the wave has time to settle.",
                        "Practise closer together, a few days apart rather than weeks.",
                    ),
                ),
            ),
            Section(
                "A note on discomfort",
                (
                    "The aim is not to feel no anxiety at all. A little unease is normal in new or social situations for everyone. The aim is for the feeling to become something you can carry while you do what matters to you.",
                    "You showed up for it. That is the part that counts, whatever number the peak was.",
                ),
            ),
        ),
    ),
    Lesson(
        slug="thinking-traps",
        title="Thinking traps",
        summary="Common ways an anxious mind bends the facts, and a simple way to check a thought.",
        minutes=3,
        sections=(
            Section(
                "Thoughts are guesses",
                (
                    "When we feel anxious or low, our minds jump to quick conclusions. They feel like facts, but they are guesses, often shaped by old experiences and by how we feel right now.",
                    "Everyone does this. Naming the pattern can take some of the sting out of a thought, and it makes room for a fairer one.",
                ),
            ),
            Section(
                "Some common traps",
                (
                    (
                        "Mind reading: assuming you know what others think. “They think I'm boring.”",
                        "Fortune telling: predicting how it will go, usually badly. “It'll be awkward and I'll regret going.”",
                        "Catastrophising: jumping to the worst outcome. “If I blush, everyone will notice and it will be unbearable.”",
                        "All-or-nothing: seeing only extremes. “If it isn't a great chat, it was a disaster.”",
                        "Discounting the positive: brushing off what went well. “She was only being polite.”",
                        "Should statements: rules that pile on pressure. “I should be able to do this easily by now.”",
                        "Labelling: a whole verdict from one moment. “I'm such an idiot.”",
                        "Personalising: taking the blame for things that are not all yours. “He left early because of me.”",
                    ),
                ),
            ),
            Section(
                "Checking a thought",
                (
                    "A thought record slows things down so you can look at a thought rather than through it. It asks:",
                    (
                        "What was the situation?",
                        "What went through your mind, and how strong was the feeling, from 0 to 100?",
                        "Which traps might be in it?",
                        "What supports the thought, and what does not? Your own practice log is a good source: “I predicted 70 and it peaked at 35.”",
                        "What is a more balanced way to see it?",
                        "How strong is the feeling now?",
                    ),
                    "The balanced thought is not forced cheerfulness. “Everyone loved me” is as much a guess as “everyone hated me”. Something like “a couple of people seemed glad I came, and I coped with the quiet moments” is closer to fair.",
                ),
            ),
            Section(
                "Be patient with it",
                (
                    "At first, you may only spot a trap hours later. That is fine; it still counts. With practice, you start to catch them closer to the moment, and they lose some of their grip.",
                    "If the feeling drops even ten points after a thought record, that is worth noticing.",
                ),
            ),
        ),
    ),
    Lesson(
        slug="grounding",
        title="Grounding: coming back to now",
        summary="Simple ways to settle your body and attention when feelings run high.",
        minutes=3,
        sections=(
            Section(
                "What grounding is for",
                (
                    "Sometimes anxiety, panic or an old memory pulls you out of the present. Your thoughts race ahead or loop back, your breathing gets fast and shallow, and the room can feel far away.",
                    "Grounding is a set of small, practical ways to bring your attention back to where you are, right now. It does not make feelings vanish. It gives you something steady to hold while the wave passes.",
                ),
            ),
            Section(
                "A few to try",
                (
                    (
                        "Slow breathing: breathe in gently for about four counts and out for about six. A longer out-breath tells your body it can ease off. The breathing pacer on the grounding page can keep time for you.",
                        "Five senses: name five things you can see, four you can touch, three you can hear, two you can smell and one you can taste.",
                        "Feet on the floor: press your feet down, notice the ground holding you up, and feel the chair at your back.",
                        "Something to hold: a cold drink, a smooth stone or a textured key ring, noticed in detail.",
                        "Naming: quietly list the colours in the room, or the makes of cars going past, or the items on a shelf.",
                    ),
                ),
            ),
            Section(
                "Using it during a step",
                (
                    "Grounding fits well with practice steps, as long as it helps you stay rather than helps you escape. Take a few slow breaths, notice your feet, then turn your attention back to what is in front of you: the conversation, the shop, the walk.",
                    "If you notice that you are using a technique to shut everything out for the whole step, try easing off it a little next time. The aim is to be present in the situation, so your mind can learn it was all right.",
                ),
            ),
            Section(
                "Practise when calm",
                (
                    "Grounding is easiest to reach for in a hard moment if you have tried it on an ordinary day first. A minute of slow breathing with your morning tea is enough. It becomes familiar, and familiar things come back to us more easily under pressure.",
                    "If a feeling becomes too much, or you feel unsafe, your safety plan has the people and numbers to reach straight away. Grounding is there alongside it, not instead of it.",
                ),
            ),
        ),
    ),
    Lesson(
        slug="asking-for-support",
        title="Asking for support",
        summary="Why asking is a skill rather than a burden, and small, clear ways to do it.",
        minutes=3,
        sections=(
            Section(
                "Why it feels hard",
                (
                    "Many people who feel isolated find it hard to ask for anything. It can feel like being a bother, or like admitting something is wrong. Sometimes an old experience of being let down makes it feel risky.",
                    "Yet most people like being asked for something they can manage. A specific, small request often brings people closer rather than pushing them away. It tells them they matter to you.",
                ),
            ),
            Section(
                "Making a request easy to say yes to",
                (
                    (
                        "Be specific: “Would you come with me to the library on Saturday morning?” is easier to answer than “Can you help me get out more?”",
                        "Keep it small: a short walk, a ten-minute call, a lift to the bus stop.",
                        "Give an easy way out: “No worries if not, I can ask again another week.”",
                        "Choose the channel that suits you: a message can be easier to send than a call.",
                    ),
                    "You might write the message in advance, or even make sending it a step on your ladder. Many people do.",
                ),
            ),
            Section(
                "Who to ask",
                (
                    "Think beyond the closest people. Support can come from a neighbour, a cousin, an old colleague, a support group, a GP, a faith community or a volunteer service. Different people are good for different things: one for a chat, another for practical help, another for just being around.",
                    "Your trusted contacts in Stepwise are a place to keep this list. If you choose to invite a supporter, you decide exactly what they can see, and you can change that whenever you like.",
                ),
            ),
            Section(
                "If the answer is no",
                (
                    "A no is usually about the other person's week, not about you. It can still sting. Notice any thinking traps that jump in, such as “nobody cares”, and check them against what you know.",
                    "Then, when you are ready, ask again, ask someone else, or ask for something smaller. Each time you ask, you are practising a skill, whatever the answer.",
                ),
            ),
            Section(
                "When it is urgent",
                (
                    "If you are in crisis or feel unsafe, do not wait for the right words. Your safety plan lists people and services to contact straight away, and it is always there, even when you are not signed in.",
                ),
            ),
        ),
    ),
    Lesson(
        slug="slips-and-pauses",
        title="Slips and pauses are part of it",
        summary="Why quiet spells and harder days happen to everyone, and how to pick up again gently.",
        minutes=3,
        sections=(
            Section(
                "Progress is not a straight line",
                (
                    "Almost everyone who works on feeling less isolated has stretches where they stop for a while. Life gets busy, health dips, the weather turns, or a step goes badly and it feels easier to stay in for a bit.",
                    "This is not starting again from nothing. The steps you took still happened. What you learned about yourself and about other people is still there, even if it feels out of reach today.",
                ),
            ),
            Section(
                "A slip is information",
                (
                    "A pause can tell you something useful. It is worth asking, kindly:",
                    (
                        "Was the last step too big a jump?",
                        "Did something practical get in the way, like money, transport or time?",
                        "Was there a lot else going on, so that anything extra was too much?",
                        "Did a thought, such as “what's the point”, take hold?",
                    ),
                    "There are no wrong answers. Each one points to a next move: a smaller step, a practical fix, some rest, or a thought worth checking. Often it is a mix of a few, and that is fine too.",
                ),
            ),
            Section(
                "Picking up again",
                (
                    "Coming back is easiest with something small, chosen on a day when you have a bit of energy. Choose a step from lower down the ladder, or a shorter version of the one you were on. Doing something easy well is a better restart than forcing something hard.",
                    (
                        "Pick one small thing for the next few days, not a full week.",
                        "Tell a supporter you are getting going again, if that helps.",
                        "Use the problem-solving worksheet for anything practical in the way.",
                        "Notice the pull to make up for lost time, and let it go.",
                    ),
                ),
            ),
            Section(
                "Be kind about it",
                (
                    "The way you talk to yourself after a pause matters. Harsh words tend to make the next step feel heavier. Try speaking to yourself as you would to a friend who had a hard month: with patience, and with some faith that they will find their way back.",
                    "Stepwise does not count days in a row, and nothing resets to zero. Whenever you come back, your plan is just as you left it.",
                ),
            ),
        ),
    ),
    Lesson(
        slug="after-a-hard-day",
        title="Looking after yourself after a hard day",
        summary="Gentle ways to recover when a step, a meeting or a day has taken a lot out of you.",
        minutes=3,
        sections=(
            Section(
                "Hard days happen",
                (
                    "Some steps go less well than you hoped. Sometimes a step goes fine, but it still leaves you drained afterwards. Social effort uses energy, especially when you are out of practice, and tiredness can feel a lot like low mood.",
                    "What you do in the hours afterwards can make the next step easier or harder. A little care now is part of the practice, not a break from it, and it is something you can get better at too.",
                ),
            ),
            Section(
                "Settle your body first",
                (
                    (
                        "Eat something and have a drink of water.",
                        "Do something slow and familiar: a shower, a cup of tea, a favourite programme.",
                        "Try a few minutes of slow breathing or another grounding exercise.",
                        "Move a little if you can: a short walk, a stretch, tidying one small thing.",
                        "Aim for a usual bedtime rather than a very late one.",
                    ),
                ),
            ),
            Section(
                "Watch the replay",
                (
                    "After a hard moment, the mind often replays it, picking out every awkward pause. This is sometimes called the post-mortem. It tends to make things look worse than they were.",
                    "If you notice it, try writing the situation down in a thought record, or simply list three things that went at least partly all right. You got there. You said hello. You stayed for a while.",
                    "It can help to log the attempt anyway. Seeing it beside your other attempts puts one hard day in proportion.",
                ),
            ),
            Section(
                "Plan a kind next step",
                (
                    "Before bed, or the next morning, choose what comes next. It might be the same step again, a smaller one, or a day off on purpose. Rest days are part of a good plan.",
                    "You might also:",
                    (
                        "Message someone you trust, even just to say it was a tough day.",
                        "Look back at your small wins.",
                        "Write one line about what you would tell a friend in your place.",
                    ),
                ),
            ),
            Section(
                "If it is more than a hard day",
                (
                    "If the low feeling stays for weeks, or you have thoughts of harming yourself, please reach out to someone now. Your safety plan has the people and services to contact, and it is always there when you need it.",
                ),
            ),
        ),
    ),
)

BY_SLUG: dict[str, Lesson] = {lesson.slug: lesson for lesson in LESSONS}


def lesson_for(slug: str) -> Lesson | None:
    return BY_SLUG.get(slug)

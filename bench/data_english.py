"""English word lists for the benchmark's generated text (see bench.vocabulary)."""

from bench.vocabulary import lines, words

SUBJECTS = lines("""
    my old bike
    the new chain
    the battery
    the gear shifter
    the rear wheel
    the disc brake
    my laptop
    the new router
    the charger
    the delivery
    the hub dynamo
    my workshop
    the cargo bike
    customer service
    the app
    the latest update
    the rear rack
    the suspension fork
    my saddle
    the inner tube
    the front light
    the bell
    the bike computer
    my order
    the online shop
    our garden shed
    the lawn mower
    the coffee machine
    my phone
    the printer
    the heating
    the tool kit
    the tyre
    the crank
    the bottom bracket
    the handlebar
    the brake pads
    the lock
    the trailer
    the rain jacket
""")

PREDICATES = lines("""
    makes a weird noise since yesterday
    lasts only two hours now
    works perfectly again
    broke down last week
    badly needs a service
    was a real bargain
    squeaks in every corner
    has run for years without trouble
    surprised me in a good way
    got much quieter
    arrived two days late
    does not fit my model
    was replaced without any questions
    is good enough for daily use
    slowly loses air
    skips in third gear
    smells a bit like rubber
    survived the winter just fine
    reacts with a delay
    is hard to adjust now
    rattles on cobblestones
    arrived sooner than expected
    costs almost twice as much now
    feels really solid
    got a bit rusty after the rain
    gets quite warm in summer
    shows an error message
    sometimes just gets stuck
    got a new design
    is sold out in the shop right now
    still looks good after three years
    charges fully overnight
    rubs a little against the frame
    needs more room than I thought
""")

THINGS = lines("""
    the inner tube
    the chain
    the charger
    a new saddle
    the brake pads
    the battery
    the spokes
    the rear light
    the handlebar
    the pedals
    a spare tyre
    the lock
    the pump
    the router
    the firmware
    the tools
    the manual
    the voucher
    the invoice
    the frame
    the mudguards
    the cassette
    a child seat
    the basket
    the lamp
    the chain oiler
    the display
    the torque wrench
    the winter tyres
    the helmet
    the pannier
    the power supply
    the repair service
""")

DATIVES = THINGS  # English has no cases

PARTICIPLES = words("""
    replaced ordered tried returned fitted repaired cleaned adjusted oiled sold
    swapped found measured compared collected pumped tightened
""")

WHEN = lines("""
    yesterday
    last week
    at the weekend
    earlier today
    finally
    twice already
    this morning
    after my holiday
    a month ago
    in spring
    right before closing time
    for the first time
""")

QUALITIES = lines("""
    pretty expensive
    totally overrated
    super practical
    surprisingly sturdy
    a bit too heavy
    fine for the price
    really well made
    rather disappointing
    hard to get
    ideal for the city
    not particularly quiet
    surprisingly easy
    too fragile in the long run
    worth every penny
""")

IMPERATIVES = lines("""
    ask at the shop
    read the manual carefully
    check the tyre pressure first
    take a photo and post it here
    have it checked at the workshop
    go for the slightly better model
    wait for the next update
    try a little more oil
    send support a short mail
    tighten the bolts evenly
    compare prices first
    keep the receipt somewhere safe
""")

WH = lines("""
    how to bleed the brakes properly
    where to find good spare parts
    whether the upgrade is worth it
    how long such a battery lasts
    which tools you need for this
    why the chain keeps dropping
    when the shop opens again
    whether the warranty covers it
    how to set the tyre pressure right
    what a service roughly costs
    whether anyone has done this before
    how to reset the firmware
""")

PLACES = lines("""
    in the workshop
    in the basement
    at the dealer
    in the shop
    at home
    on the balcony
    in the yard
    at my brother's place
""")

REMARKS = lines("""
    Thanks for the tip!
    Sounds good.
    Curious how this turns out.
    I see it the same way.
    That helped me too.
    Good question, I'd like to know as well.
    Can only recommend it.
    Fingers crossed.
    Great that it works now.
    Hm, not so sure about that.
    I had exactly the same problem.
    Nice photos, by the way.
    Let me know if you need a hand.
    Too bad, but understandable.
    Thanks a lot for the detailed answer.
    That was new to me.
""")

PATTERNS = lines("""
    {Subject} {predicate}.
    But {subject} {predicate}.
    And {subject} {predicate}.
    I {participle} {thing} {when}.
    We {participle} {thing} {place}.
    Has anyone tried {thing}?
    Does anyone know {wh}?
    Can someone explain {wh}?
    I find {thing} {quality}.
    My tip: {imperative}.
    {Remark}
    {Remark}
    Maybe it has to do with {thing}.
    Honestly, {subject} was {quality}.
    Quick update: {subject} {predicate}.
    I've had good experiences with {thing}.
    I'd stay away from {thing}.
    Have you {participle} {thing} yet?
    I'd have {thing} looked at {place}.
""")

DECORATED = lines("""
    I use `{code}` for that.
    With `{code}` it works for me.
    There is more about it here: [{link}]({url}).
    See also {url}
    **Important:** {sentence}
    That is *{quality}*.
    I **{participle}** {thing} {when}.
    {Subject} {predicate} - *really*.
    ~~I {participle} {thing}.~~ {Remark}
    The setting `{code}` helped, {imperative}.
    [{Link}]({url}) was useful to me.
""")

LINKS = lines("""
    the manual
    this article
    the overview
    the review
    the table
    the checklist
    the video
    the guide
""")

LIST_ITEMS = lines("""
    check tyre pressure
    clean and oil the chain
    tighten the bolts
    test the brakes
    check the lights
    file the invoice
    book an appointment
    pack a spare tube
    charge the battery fully
    look for cracks in the tyres
    adjust the gears
    photograph the type plate
    note the serial number
    bring rain gear
    put the tools back
    redeem the voucher
    two spare spokes
    a set of brake pads
    small pump
    patch kit
""")

HEADINGS = lines("""
    Update
    My verdict
    What I tried
    The situation
    Addendum
    In short
    My shopping list
    Open questions
""")

OPENERS = lines("""
    Hi all,
    Hello!
    Hey,
    Good evening,
    Hi everyone!
""")

MENTION_OPENERS = lines("""
    {mention} thank you!
    {mention} same thing happened to me.
    Hi {mention}, I have the same problem.
    {mention} do you have a photo?
    Good idea, {mention}!
    {mention} do you mean last year's model?
""")

MENTION_SENTENCES = lines("""
    What do you think, {mention}?
    {mention} knows more about this.
    Maybe {mention} can help.
    Same as {mention} the other day.
    Ask {mention}, they had the same issue.
""")

EDIT_PREFIXES = lines("""
    **Edit:**
    **Update:**
    **Addendum:**
    **Edit 2:**
""")

TITLES = lines("""
    Experiences with {thing}?
    Question about {thing}
    {Subject} {predicate}
    Looking for {thing}
    Tips wanted: {wh}
    {Participle} {thing} - now what?
    Buying advice: {thing}
    Problem with {thing}
    Anyone know about {thing}?
    My report: {participle} {thing} {when}
    Help, {subject} {predicate}
""")

SOLVED = "[Solved] "

QUOTE_HEADER = "@{name} wrote:"

BIOS = lines("""
    Commuting by bike for {years} years. **Tinkerer** at heart.
    Gardener, cargo bike fan and *coffee drinker*.
    I like fixing anything with wheels. Ask me about `hub gears`.
    Around here for {years} years, mostly reading, sometimes writing.
    Parent of two, commuter, collector of old tools.
    Long rides, good food and honest answers.
""")

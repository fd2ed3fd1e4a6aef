"""Hand-written lexicon and rule tables that the sentiment scorer layers over TextBlob's lexicon."""

from typing import Final

# Valences are on TextBlob's scale (-1 bad .. +1 good). Each tier lists base forms; the scorer also finds
# regular inflections ("refunds", "loved", "crashing", "happier") and elongations ("sooo goood").
# An entry here overrides TextBlob's own value for the same word.
WORD_TIERS: Final[dict[float, str]] = {
    0.9: """
        brilliance amazing awesome awesomeness beautifully breathtaking brilliant brilliantly delightful
        ecstatic elated exceptional excellent excellently exquisite extraordinary fabulous fantastic
        faultless flawless flawlessly glorious gorgeous hooray hurray immaculate impeccable incredible
        legendary magnificent marvellous marvelous masterful masterfully masterpiece outstanding overjoyed
        perfect perfection perfectly phenomenal spectacular splendid stellar stunning sublime superb
        superlative terrific thrilled unbeatable wonderful wonderfully woohoo yay yippee
        awsome awsum
    """,
    0.7: """
        stoked psyched chuffed brill amazeballs gratz grats accommodating admire admired adorable adore
        adored attentive beauty blessed bliss blissful bravo captivating champion charming cheerful cherish
        cherished compelling congrats congratulate congratulations courteous courageous cute dazzling
        delicious delight delighted delightfully divine dreamy effortless efficient enchanting engrossing
        enjoy enjoyable enjoyed enthralling excellence excited exciting exhilarating fascinating fave fav
        favorite favourite gem genius glad grateful gratitude gripping happily heartwarming heavenly helpful
        hero heroic hilarious impressive inspiring joy joyful joyous knowledgeable kudos love loved lovely
        lovin loving luv lovable magical memorable nice painless pleasant pleasure polite praise precious
        pristine professional professionalism prompt promptly proud refreshing remarkable respectful
        rewarding riveting satisfying seamless seamlessly sensational smooth speedy spotless superior
        supportive sweet swift talented tasty thank thankful thankfully thanks thanx thx treasure treasured
        tremendous triumph triumphant ty uplifting valuable welcoming xoxo yum yummy delish beautiful witty
        inventive riveted fascinated amaze amazed standout
        flattered darling sweetie merry kiss
    """,
    0.5: """
        nom bestie bff xo lolz ftw yass xx xxx tnx cuddle cuddles honored honoured favor favour reward
        rewarded hurrah cheer cheering won hyped excitement wealth rave nostalgia revealing lasting accurate
        admiration advantage affordable agreeable alright amuse amused amusing appealing appreciate
        appreciation assured attractive award awarded awards badass bargain benefit benefits bonus brave
        bright calm capable celebrate celebrated celebration charm clean cleaner clever comfort comfortable
        comfy comforting compassion compassionate compliment compliments confident convenient cool cosy
        courage courtesy cozy creative crisp decent dope durable eager easier elegant encouraging energetic
        engaging enthusiastic entertaining entertained epic excel expertise fair fast fastest flavorful
        flavourful fond freedom fresh friendly friendliest fulfilling gain generous generosity gentle
        genuine gift gifted glow gracious handy harmony healthy heartfelt helpfully honest honesty hope
        hopeful hopefully hug hugs ideal imaginative improve improved improvement innovative insightful
        inspire inspired integrity intelligent interesting intuitive justice kickass kindness kisses laugh
        laughed laughing laughter legend lively lmao lmfao lol loyal loyalty lucky luckily moving neat
        nicely optimistic peace peaceful perk pleasing plus polished popular poignant powerful productive
        progress prosperity prosperous quick quicker quickly rad reasonable relaxed relaxing relief relieved
        reliability respect respected rocks rocked rofl safe satisfaction savings secure shine shines
        sincere skilled skillful smart smile smiled smiles smiling smoothly snappy solid spacious stable
        steady stirring strong sturdy stylish succeed success successful sunshine thoughtful thrive tidy
        timely touching transparent truthful understanding upbeat versatile vibrant victory vivid warm
        warmth watchable welcome willing win winner winning wins wisdom wise worthwhile worthy haha hahaha
        hehe hahah heh xd wow aww awww eloquent eloquently tuneful timeless heaven
    """,
    0.3: """
        ha able acceptable adequate agree agreed alive allowed ambitious assist assisted careful cheers
        competent consistent content cooperative correct deserved diligent effective entertain fine free
        functional improving informative inexpensive interested legit manageable okay ok okey organised
        organized original patient playful plenty practical proper protect protected protection ready
        recover recovered reform safety settled simple sufficient suitable thorough tolerable usable valid
        value watchful cheerio opportunity opportunities accomplished accomplish achievement achieve
        achieved recovery growth honor honour volunteer charity birthday bday holiday holidays vacation
        weekend party
        heart save
    """,
    -0.15: """
        average basic odd ordinary questionable strange unclear weird weirdly sentimental silly excuse raw
        dry sticky sleepy alone tough
        stop
    """,
    -0.3: """
        fuss jams jamming yikes eek gah jeez geez knackered naff hungry upsell upselling transferring drip
        drips dripping fading faded scratch wobbly frayed soaked shrugged unbelievable annoy anxiety awkward
        bland bored busy careless cold clunky complex complicated concern concerned confused confusing
        controversial costly cramped crowded debt decline declining deficit delay delayed delays derivative
        dim disorganised disorganized dispute doubt doubts dull expensive fee fees flimsy forgot forgetful
        forgotten glitch glitches glitchy hassle hesitant inconsistent inconvenient inconvenience indulgent
        jealous late lengthy limited loud lukewarm mediocre messy miss missed mistake mistakes
        misunderstanding noisy nervous obsolete overdue overpriced predictable pricey pricy problem problems
        protest protests quirky risk risky rough rushed salty sappy scream sigh sketchy slow slower slowly
        sluggish smelly sour stale stiff strict struggle struggled struggling stuck suspicious tears tedious
        tired tiresome uncomfortable uneven unfortunate unhappy unoriginal wait waited waiting waits worry
        worried worrying issue issues error errors chase chased chasing cancel cancelled canceled
        cancellation cancelling canceling oops ouch blah bleh bug bugs buggy crash crashes crashed crashing
        freeze freezes froze frozen lag laggy lagging downtime outage outages pending unavailable unanswered
        understaffed runaround transferred escalate escalated attitude cheesy corny hokey dumbed boo shallow
        superficial insufficient loss losses lose losing arrest arrested accused lawsuit unemployment
        recession
    """,
    -0.5: """
        peeling peeled rusting rusted rust mould chipped squashed pushy sux embarrassment snobbery tricked
        ass hungover bullshit doomed sabotage sabotaged sabotages flaw vomit vomited yawn exploit exploited
        perplexing wooden unrecommended jerk madness doom panic fucker fuckers douche foul dread dreading
        horror absurd afraid aggravating aggravated alarming angry annoyed annoyance annoying anxious
        appalled argh argue arrogant ashamed avoid bad badly bitter blame blunder boring bothered broke
        broken bummer cheated clueless clumsy condescending contrived crap crappy cracked creepy cringe
        cringy crude cry crying damage damaged dammit damnit dang dead defect defects defective deceptive
        denied deny depressed depressing desperate destroyed dictator difficult dirty disappointing
        disappointment discourteous dishonest dislike disliked dismissive dissatisfied distasteful
        distressed dodgy dreary drab dreadful dud dumb embarrassed embarrassing ew eww excuses expired fail
        failed failing fails failure fake faulty fault faults fear feared filthy flawed flop foolish
        forgettable formulaic frustrate frustrated frustrating frustration fuming furious garbage grating
        greasy grim gross grr grrr grumpy guilty hackneyed harsh hate hated hates hating headache hopeless
        horrid hostile hurt hurts idiot idiotic ignorant ignorance ignore ignored ignoring ill illegal
        impatient impolite implausible inaccurate inadequate incoherent incompetent incorrect ineffective
        inefficient insane insult insulted insulting irritated irritating jammed junk laughable lame lazy
        leak leaked leaking leaks lie lied lies lonely loser lost lousy ludicrous mad malfunction
        malfunctioned malfunctioning manipulative meaningless melodramatic mess messed mindless misguided
        misleading misled missing mistaken mistreated moldy mouldy muddled mushy nasty negative neglect
        neglected negligent nonsense nonsensical offended offensive outdated overcharge overcharged
        overcooked overrated overwrought pain painful patronising patronizing pointless poor poorly
        preposterous pretentious problematic rant refused regretted rejected repetitive ridiculous rotten
        rubbish rude rudely rudeness ruin ruined sad sadly scratched scratches shabby shady shame shameful
        shocked shoddy sick sloppy smh spoiled spoilt stained stinky stole stolen stress stressed stressful
        stupid suck sucked sucks sucky suffer suffered suffering tacky tasteless threat threaten threatened
        threatening torn trite trouble troubled troublesome ugh ugly unacceptable unclean unconvincing
        uncooked undercooked unfair unfriendly unfunny unhelpful uninspired uninspiring unimaginative
        uninteresting unlikable unlikeable unpleasant unprofessional unreliable unresponsive unsafe
        unsatisfactory unsatisfied unusable upset upsetting useless vapid vulgar waste wasted wasting weak
        worthless wrong wrongly dented crushed smashed shattered soggy unresolved mislabeled mislabelled
        incomplete declined penalty penalised penalized refuse refusal unreachable burnt insipid dreck
        drivel banal misfire misstep crisis conflict fight fighting violence violent injury injured wounded
        victim victims accident crime crimes criminal prison jail abandon abandoned blames blamed
        counterfeit bogus unauthorised unauthorized unethical obnoxious unwatchable lackluster lacklustre
        joyless soulless charmless humourless humorless witless amateurish inept plodding meandering
        disjointed incomprehensible clichéd cliched cliche cliches cliché clichés fiasco yuck heartbroken
        mock mocked yell yelled yelling shout shouted shouting argued arguing chaos confusion excruciating
        insufferable
        emergency
    """,
    -0.7: """
        abysmal abusive aggressive angrier appalling atrocious awful betrayed crook crooks cruel dangerous
        deceitful deceived despise despicable detest devastated disaster disastrous disgrace disgraceful
        disgust disgusted disgusting dreadfully enraged fraud fraudulent furiously hateful hatred hideous
        horrendous horrible horrific horrified incompetence inexcusable infuriated infuriating liar liars
        livid loathe miserable misery nightmare nightmarish outrage outraged outrageous pathetic pissed
        pitiful repugnant repulsive revolting ripoff scam scammed scammer scammers scams shit shitty
        sickening stinks terrible theft thief thieves toxic trash trashy unbearable unforgivable unhygienic
        vile wtf wth hell hellish crooked swindle swindled cheat cheating shambles shambolic poison poisoned
        poisoning woeful catastrophe catastrophic tragedy tragic terror terrorism terrorist terrorists
        murder murdered murderer kill killed killing killer racism racist abuse abused slavery fml
    """,
    -0.9: """
        worst horrendously disgustingly fuck fucked fuckin
    """,
    0.2: """
        quiet finally playing
    """,
    -0.6: """
        gutted ffs
    """,
}

# General-English opinion words beyond customer service: public life, health, feelings, arts.
GENERAL_TIERS: Final[dict[float, str]] = {
    0.8: "fab hallelujah tgif",
    0.7: """
        exemplary irresistible majestic miraculous scrumptious stupendous sumptuous radiant illustrious
        marvel marvelled accolade accolades ace admirable amazement applaud applauded awestruck beaming
        benevolent bountiful bravery commend commended enchant endear endearing enrich exceed exceeded
        fascinate gleeful invaluable jubilant rejoice acclaim acclaimed applause commendable laudable
        heartening triumphantly thriving flourishing flourish festive breakthrough masterwork wondrous
        ingenious nifty splendor splendour
    """,
    0.5: """
        abundance adaptable adroit advantageous affection alluring altruistic amiable angelic articulate
        beneficial buoyant chic chivalrous considerate constructive dashing delectable dependable desirable
        dignified diplomatic discerning distinguished dynamic easygoing enterprising esteemed fruitful
        gleaming gregarious hardworking honorable humane idyllic impartial industrious intrepid jaunty
        judicious lucid luminous meticulous mindful nurturing obliging outgoing perceptive personable
        pioneering plucky poised principled proactive prodigious proficient punctual refined resolute
        responsive rosy savvy scenic selfless sleek snazzy sociable sparkling stimulating tasteful tenacious
        tireless unwavering upright valiant vigorous visionary vivacious warmhearted youthful zesty tender
        prestigious jolly jovial renowned serene tranquil virtuous luxurious graceful gallant merciful
        fearless resilient faithful enthusiasm optimism prosper congenial genial carefree impress excite
        astound romantic pamper astounded pumped daydream daydreaming homie buzzing wit passion insight
        insights grace affecting charisma daring flair empathy resonant suspenseful miracle glory vitality
        evocative thrill thrills tribute diverting strength determination confidence pride agreement approve
        approved approval caring cherishes cooperate cooperation dedicated dedication devoted dignity
        encourage encouraged enhance enhanced equality prudent revitalize revitalise revival sensible
        sensibly solution solutions stability strengthen strengthened wholesome worthiest empower empowered
        empowering harmonious hospitable reconciliation renewal inspiration boon triumphs victorious
        reassuring reassured heroine virtuoso affectionate catchy soothing invigorate invigorating ingenuity
        lauded giggle giggles giggling smiley woot woo whoo rotfl roflmao yippie prized keen achievable
        righteous friendship
    """,
    0.3: """
        affirm alert ample animated ardent artful assertive balanced breezy civil composed comprehensive
        cultured decisive determined disciplined educated expert fashionable focused frank frugal
        independent level observant orderly persistent persuasive pragmatic prepared profitable progressive
        qualified rational sane satisfactory shrewd sporty staunch substantial succinct sunny sustainable
        unbiased sensual seductive glamorous robust plentiful reassure relieve relax refresh motivate
        motivated liberate eminent amicable cohesive satisfy embrace enlighten awe astonished lavish
        flexible ease supreme zeal vigilant tolerant fulfill fulfil adventure surprise brisk whew craving
        explore hi hello spirit intelligence appeal earnest promise vision ambition atmosphere sympathy wry
        intrigue visceral resonance dream dreams forgive gritty homage bittersweet lovers boost boosted
        commitment committed compromise deserves deserve merit merits reform reforms rescue rescued restore
        restored rebuild rebuilt freed cure cured heal healed healing festival donation donate donated
        volunteers landmark milestone democracy rights welcomed praised favourable favorable friend friends
        doddle tingly pray praying bless truth clarity luck phew yes yeah yep yup yea accept accepted
    """,
    -0.2: """
        bashful timid trivial demanding defensive blunt austere aloof impulsive impetuous prim lowly
        nonchalant dense frosty hasty rigid possessive obsessive clingy envy picky fussy strain uncertain
        unsure puzzled restless needy hectic imperfect indecisive inflated contentious dirt forbid denial
        disbelief distract beg brag grave crush fragile nope dork drama sniffle chills slide resign resigns
        resigned spam boycott dizzy allergies against oppose opposed opposition drug drugs veto vetoed
        retreat refugees regime traffic graffiti smoking secrecy bureaucracy extravagant cuts
    """,
    -0.3: """
        aimless adverse bossy brittle boisterous brusque bumbling coarse combative contrary crabby cranky
        crummy disruptive evasive fickle flaky gaudy grimy grouchy grubby haggard immature impractical
        inappropriate insincere irritable jittery lackadaisical lethargic listless overconfident paltry
        petulant prickly quarrelsome rowdy scruffy secretive sulky sullen tactless thoughtless unattractive
        uncooperative undependable unimpressive unkempt unpopular unreasonable unruly unsightly unsuitable
        untidy unwelcome unwilling unwise vain wasteful wimpy volatile morbid moody grouch grumble gripe
        groan moan whine nag grudge quarrel remorse lament melancholy disturb disrupt distort disorder
        disadvantage deserted demolish exaggerate exhaust fatigue weary falter fallacy frantic frown
        frivolous grimace gullible hazard hinder impair improper inability incompatible indifferent murky
        obstacle obstinate overload paranoid rash snob stubborn trick uneasy alarm apprehensive baffled
        bafflement baffling befuddled bewildered bias blur bumpy complacent confuse culprit dump envious
        freak boastful petty stingy pompous smug stormy staring slump seized itchy sentimentality lesser
        silliness mayhem gore pseudo blow critical guilt trifle heartbreaking obsession formula warn warned
        warning warnings criticism criticize criticized criticise criticised sued inflation congestion
        tension tensions weaken weakened weakness weaker faltering stagnant surrender powerless coup litter
        shortage shortages shortfall slash slashed layoff layoffs fired homeless slum slums defeat defeated
        burden dubious worrisome gang gangs mafia disagree disagreed stall stalled sneaky burns busts
        conspiracy venting cough banned ache aches blast sob wail whack severe hacked
    """,
    -0.5: """
        abrasive acrid belligerent brutish conceited crass depraved desolate devious disagreeable disloyal
        domineering egotistical haughty hurtful immoral imperious indecent intolerant irrational lewd
        neglectful overbearing perverse resentful scornful shifty sleazy sly snobbish sordid squalid
        thuggish truculent uncaring uncouth ungrateful unlawful unscrupulous untrustworthy vengeful
        vindictive wicked wretched grievance resent mournful forlorn glum dejected dismayed discouraged
        disgruntled discontent displease disapprove disrespect distrust distress discredit disparage
        dissatisfy discomfort deprived degrade detrimental dysfunctional erratic drained fright gibberish
        hysteria illogical incapable injure intimidate jeopardize manipulate mislead nuisance offend peril
        pessimistic pollute reject ridicule shatter spoil stink tainted unlucky unstable agitated aggravate
        ailing alienated angst antagonistic apathetic arrogance battered berate biased boredom brat
        breakdown chaotic cheerless coerce crumbling cumbersome embarrass irritate inferior insolent
        inconsiderate insensitive unkind notorious cripple savage scorn menace misfortune lethal vengeance
        revenge villain woe wrath annihilate havoc plague hoax phony flogged imposter impostor unproductive
        unproductivity bore cloying maudlin retread fatal indictment shock rip accuse bankrupt bankruptcy
        blight burdensome censorship condemn condemned condemnation crackdown decay decrepit denounce
        denounced dilapidated drought flood floods flooding futile gloomy hardship harm harmful damaging
        helpless humiliating humiliation indicted convicted invasion irresponsible lamentable mismanagement
        ominous onerous overcrowded plight prejudice reckless regrettable scandal scandalous senseless
        sexism smuggling squalor troubling undermine undermines undermined unjust unjustly unfairly unworthy
        vandalism virus addiction epidemic hypocrisy hypocrite hypocritical greed greedy kidnapped
        kidnapping dire execution bribe bribes bribery corruption corrupt cancer disease illness hostage
        hostages bomb bombs bombing explosion shooting shootings assault dictatorship weapon weapons thug
        thugs attack attacks attacked war wars riot riots rioting scared scare scary frighten frightened
        frightens heartless steal stealing starve starving bereavement funeral woes wreck gag displeased
        nausea swollen barren wasteland curse cursed bully bullies bullying drown drowned drowns drowning
        punish punished sore devil cock bitch bitches bitchy bastard bastards collision
    """,
    -0.7: """
        contemptible odious treacherous abhor abominable agonizing agony anguish barbaric backstabbing
        callous calamity contempt cowardly coward deceit deceive demeaning derogatory destitute destruction
        devastate disdain dishearten enrage ghastly harass heartbreak humiliate infuriate injustice
        intolerable irate malicious mistreat obscene persecute slander sorrow spiteful torment betray
        betrayal conned atrocities atrocity bigotry bigot brutality cruelty deplorable famine genocide
        massacre persecution rape raped slaughter slaughtered torture tortured tyranny unconscionable
        indefensible trafficking death deaths die died dying despair rage shitstorm terrify terrifies
        terrified
    """,
}

# TextBlob rates these words although in customer text they are mostly neutral descriptions (size, order,
# time, quantity): neutralising them stops "the first box was small" from scoring.
NEUTRAL_WORDS: Final[str] = """
    first second third last new old other many few least less only high low big small little long short
    certain full whole entire due final open main early next same own present past major minor general
    common usual previous recent several various extra particular special single double total overall
    further likely lately shortly actual actually just still cheap dark light hot huge large tiny deep wide
    narrow heavy thick thin fat tall round square empty live local public private national international
    political social economic american british english french german chinese european human natural physical
    mean right left bottom down up out off back front waiter waiters
"""

# Corrections to TextBlob's own values: descriptive words it rates although they carry little opinion
# ("black", "game", "young", "fly"), and opinion words it rates too weakly or with the wrong sign.
TEXTBLOB_CORRECTIONS: Final[dict[float, str]] = {
    0.0: """
        frankly tightly fitted dude dudes action young half black game offers subject modern familiar comic
        certainly behind sound exactly dramatic wants tries center centre spent green complete foreign wild
        near cultural usually pure plain legal subtle clearly surely largely sharp extreme gay military
        expected sensitive closed secret contemporary slight generally unexpected considerable mainly latest
        filled sexual sexually rose aged adult higher frequently curious direct broad fly older conscious
        supporting mild primary married pink mental remote normal pregnant toilet unknown darkly firmly
        alien chicken monkey cow rank marked naturally concrete attendant directly newly purely primarily
        grey gray mentally sober masculine minus sec bass captive elect acute active icy disabled alcoholic
        stainless secondary characteristic straight proves honestly surprising casual deadpan crafty loudly
        cutting ironic normally subtly supernatural stretched catching lightly titular lifelong secondhand
        firm evident previously allegedly alleged consciously distinctly loosely frequent importantly exact
        typically widely everyday spoof parade apparent becoming edgy remotely curiously roughly naughty
        unpredictable overwhelming blind base tight bare literary apt number lyric lyrics aware serious
        allusions likely
    """,
    0.1: """
        true rare important straightforward significant aware developed soft mature innocent offbeat
        naturalistic enigmatic distinct confirmed exotic plenty arresting
    """,
    0.2: """
        classic famous responsible carefully consistently precisely rightly favored humble readily uniquely
        erotic obsessed infatuated nostalgic gamely appropriately
    """,
    0.3: """
        whimsical delicate delicately
    """,
    0.5: """
        intriguing absorbing profound passionate exuberant cleverly expressive enlightening lush thrilling
        positive notable classy boundless
    """,
    0.6: "fun funny mesmerizing mesmerising kind",
    -0.1: "hidden shy guarded stark distant random promised",
    -0.2: """
        critical bizarre static chilly chilling startling eerie tense pale wet flashy unlikely thinly
        raunchy
    """,
    -0.3: """
        flat artificial fluff mundane redundant sarcastic flippant didactic exaggerated drunk inexplicably
        gory vulnerable claustrophobic sinks mere merely
    """,
    -0.4: """
        hollow pity preachy juvenile choppy limp vague shapeless propaganda excessive rehash inconsistencies
        uncomfortably inexplicable bogged crushing ruins wastes deadly
    """,
    -0.5: "leaden sophomoric clumsily mediocrity destroy impossible idiocy",
    -0.6: "worse bleak shocking ruthless sham stinker",
    -0.7: "terrifying",
    0.15: """
        sure
    """,
    0.25: """
        top
    """,
}

# Words and phrases whose valence changes when negated, as (plain, negated). Many are neutral on their own
# and only mean a complaint under negation ("no response", "never arrived", "nobody called back").
NEGATION_SENSITIVE: Final[dict[str, tuple[float, float]]] = {
    "recommend": (0.6, -0.75),
    "recommended": (0.5, -0.7),
    "recommending": (0.5, -0.7),
    "recommendable": (0.5, -0.7),
    "worth it": (0.6, -0.75),
    "worth the money": (0.6, -0.75),
    "worth the price": (0.6, -0.75),
    "worth the cost": (0.6, -0.75),
    "worth the wait": (0.6, -0.7),
    "worth the hype": (0.6, -0.7),
    "worth the effort": (0.5, -0.6),
    "worth the trouble": (0.5, -0.6),
    "worth the time": (0.5, -0.6),
    "worth your time": (0.5, -0.6),
    "worth your money": (0.6, -0.75),
    "worth buying": (0.6, -0.75),
    "worth a try": (0.5, -0.6),
    "worth": (0.2, -0.5),
    "be back": (0.0, -0.8),
    "be coming back": (0.0, -0.8),
    "be returning": (0.0, -0.75),
    "live up to": (0.4, -0.6),
    "lives up to": (0.4, -0.6),
    "lived up to": (0.4, -0.6),
    "come back": (0.3, -0.7),
    "coming back": (0.2, -0.7),
    "go back": (0.2, -0.7),
    "going back": (0.1, -0.7),
    "called back": (0.2, -0.6),
    "call back": (0.0, -0.6),
    "call me back": (0.1, -0.6),
    "called me back": (0.3, -0.6),
    "rang back": (0.2, -0.6),
    "got back to me": (0.3, -0.6),
    "get back to me": (0.0, -0.6),
    "heard back": (0.1, -0.6),
    "hear back": (0.0, -0.6),
    "heard from": (0.0, -0.5),
    "followed up": (0.3, -0.6),
    "follow up": (0.0, -0.5),
    "response": (0.0, -0.6),
    "responses": (0.0, -0.6),
    "reply": (0.0, -0.6),
    "replies": (0.0, -0.6),
    "replied": (0.2, -0.6),
    "responded": (0.2, -0.6),
    "respond": (0.0, -0.6),
    "answer": (0.0, -0.5),
    "answered": (0.2, -0.6),
    "answers": (0.0, -0.5),
    "acknowledged": (0.1, -0.5),
    "acknowledgement": (0.0, -0.5),
    "arrived": (0.0, -0.7),
    "arrive": (0.0, -0.7),
    "showed up": (0.0, -0.7),
    "show up": (0.0, -0.7),
    "turned up": (0.0, -0.6),
    "received": (0.0, -0.65),
    "receive": (0.0, -0.6),
    "delivered": (0.0, -0.65),
    "deliver": (0.0, -0.6),
    "delivery": (0.0, -0.4),
    "refund": (-0.1, -0.65),
    "refunded": (0.3, -0.65),
    "reimbursed": (0.3, -0.6),
    "compensation": (0.0, -0.5),
    "apology": (0.1, -0.5),
    "apologised": (0.2, -0.5),
    "apologized": (0.2, -0.5),
    "apologise": (0.1, -0.5),
    "apologize": (0.1, -0.5),
    "sorry": (-0.3, 0.0),
    "fixed": (0.3, -0.6),
    "fix": (0.0, -0.5),
    "resolved": (0.5, -0.6),
    "solved": (0.5, -0.6),
    "sorted": (0.4, -0.5),
    "working": (0.2, -0.6),
    "work": (0.0, -0.55),
    "works": (0.3, -0.6),
    "worked": (0.3, -0.6),
    "function": (0.0, -0.5),
    "functions": (0.1, -0.5),
    "help": (0.1, -0.5),
    "helped": (0.4, -0.5),
    "helping": (0.3, -0.5),
    "helps": (0.3, -0.5),
    "useful": (0.5, -0.5),
    "support": (0.1, -0.5),
    "care": (0.2, -0.5),
    "cared": (0.3, -0.5),
    "bother": (-0.3, -0.4),
    "waste": (-0.5, -0.5),
    "like": (0.4, -0.5),
    "liked": (0.4, -0.5),
    "fan": (0.4, -0.5),
    "explanation": (0.0, -0.5),
    "update": (0.0, -0.4),
    "updates": (0.0, -0.4),
    "updated": (0.1, -0.4),
    "informed": (0.2, -0.5),
    "listen": (0.0, -0.5),
    "listened": (0.3, -0.5),
    "hesitate": (-0.2, 0.6),
    "hesitate to recommend": (-0.4, 0.8),
    "complain": (-0.3, 0.4),
    "complaints": (-0.4, 0.5),
    "complaint": (-0.4, 0.4),
    "regret": (-0.5, 0.5),
    "regrets": (-0.5, 0.5),
    "trust": (0.4, -0.6),
    "trusted": (0.4, -0.6),
    "trustworthy": (0.6, -0.7),
    "reliable": (0.6, -0.6),
    "happier": (0.6, -0.4),
    "better": (0.5, -0.35),
    "disappoint": (-0.5, 0.5),
    "disappointed": (-0.7, 0.4),
    "disappoints": (-0.5, 0.5),
    "impressed": (0.6, -0.55),
    "satisfied": (0.6, -0.6),
    "happy": (0.75, -0.55),
    "pleased": (0.65, -0.5),
    "enough": (0.2, -0.4),
    "easy": (0.5, -0.45),
    "clear": (0.3, -0.4),
    "answering": (0.0, -0.5),
    "picked up": (0.0, -0.5),
    "pick up": (0.0, -0.5),
    "picks up": (0.0, -0.5),
    "returned my call": (0.3, -0.6),
    "returned my calls": (0.3, -0.6),
    "return my call": (0.0, -0.6),
    "return my calls": (0.0, -0.6),
    "well": (0.0, -0.3),
    "on time": (0.4, -0.55),
    "in time": (0.3, -0.5),
    "as described": (0.4, -0.6),
    "as advertised": (0.4, -0.6),
    "as expected": (0.3, -0.5),
    "as pictured": (0.3, -0.55),
    "fit": (0.3, -0.45),
    "do what it says": (0.5, -0.7),
    "does what it says": (0.5, -0.7),
    "did what it said": (0.5, -0.7),
    "do what they say": (0.5, -0.7),
    "does what it should": (0.5, -0.65),
    "do what it should": (0.5, -0.65),
    "does the job": (0.5, -0.65),
    "do the job": (0.4, -0.65),
    "did the job": (0.5, -0.65),
    "allow": (0.1, -0.4),
    "allowed": (0.3, -0.4),
    "allows": (0.2, -0.4),
    "power": (0.0, -0.4),
    "electricity": (0.0, -0.5),
    "internet": (0.0, -0.45),
    "wifi": (0.0, -0.45),
    "signal": (0.0, -0.45),
    "heating": (0.0, -0.45),
    "hot water": (0.0, -0.5),
    "water": (0.0, -0.3),
    "rock": (0.0, -0.4),
    "plot": (0.0, -0.5),
    "story": (0.0, -0.4),
    "storyline": (0.0, -0.5),
    "chemistry": (0.3, -0.5),
    "redeem": (0.3, -0.5),
    "redeemed": (0.3, -0.5),
    "substance": (0.1, -0.5),
    "depth": (0.3, -0.5),
    "suspense": (0.2, -0.5),
    "tension": (0.0, -0.4),
    "emotion": (0.1, -0.5),
    "emotions": (0.1, -0.45),
    "energy": (0.2, -0.5),
    "imagination": (0.3, -0.6),
    "originality": (0.5, -0.6),
    "talent": (0.5, -0.6),
    "humor": (0.3, -0.55),
    "humour": (0.3, -0.55),
    "effort": (0.2, -0.5),
    "value": (0.2, -0.5),
    "quality": (0.1, -0.5),
    "action": (0.0, -0.3),
    "sense": (0.1, -0.5),
    "point": (0.0, -0.3),
    "worth watching": (0.6, -0.7),
    "worth seeing": (0.6, -0.7),
    "worth reading": (0.6, -0.7),
    "worth the read": (0.6, -0.7),
    "fits": (0.3, -0.45),
}

# Multi-word expressions with a fixed valence, mostly factual complaints and praise with no adjective.
PHRASES: Final[dict[str, float]] = {
    # purchase intent, stated outright
    "never again": -0.85,
    "not again": -0.45,
    "never ever again": -0.9,
    "last time i": -0.5,
    "last time we": -0.5,
    "will be using again": 0.6,
    "take my business elsewhere": -0.8,
    "taking my business elsewhere": -0.8,
    "took my business elsewhere": -0.75,
    "go elsewhere": -0.6,
    "going elsewhere": -0.6,
    "shop elsewhere": -0.6,
    "look elsewhere": -0.6,
    "buy elsewhere": -0.6,
    "stay away": -0.75,
    "steer clear": -0.75,
    "avoid at all costs": -0.9,
    "avoid like the plague": -0.9,
    "save your money": -0.75,
    "don't waste your": -0.75,
    "do not waste your": -0.75,
    "waste of money": -0.85,
    "waste of time": -0.8,
    "waste of my time": -0.85,
    "money down the drain": -0.8,
    "want my money back": -0.75,
    "wanted my money back": -0.7,
    "get my money back": -0.55,
    "money back": -0.3,
    "highly recommend": 0.85,
    "highly recommended": 0.85,
    "would recommend": 0.65,
    "can't recommend enough": 0.9,
    "cannot recommend enough": 0.9,
    "can't recommend them enough": 0.9,
    "can't recommend it enough": 0.9,
    "cannot recommend them enough": 0.9,
    "cannot recommend it enough": 0.9,
    "can't recommend highly enough": 0.9,
    "cannot recommend highly enough": 0.9,
    "can't recommend this enough": 0.9,
    "can't wait": 0.55,
    "cannot wait": 0.55,
    "can't complain": 0.4,
    "cannot complain": 0.4,
    "couldn't be happier": 0.9,
    "could not be happier": 0.9,
    "couldn't be more pleased": 0.9,
    "couldn't be better": 0.85,
    "could not be better": 0.85,
    "couldn't ask for more": 0.8,
    "couldn't ask for better": 0.8,
    "could not ask for more": 0.8,
    "can't fault": 0.75,
    "cannot fault": 0.75,
    "could not fault": 0.75,
    "couldn't fault": 0.75,
    "no complaints": 0.5,
    "no complaint": 0.5,
    "no problem": 0.35,
    "no problems": 0.4,
    "no issues": 0.4,
    "no issue": 0.3,
    "no hassle": 0.5,
    "no fuss": 0.45,
    "not a problem": 0.3,
    "not bad": 0.35,
    "not too bad": 0.3,
    "not that bad": 0.2,
    "not bad at all": 0.45,
    "not disappointed": 0.45,
    "won't be disappointed": 0.6,
    "will not be disappointed": 0.6,
    "never disappoints": 0.7,
    "never disappoint": 0.65,
    "never fails": 0.55,
    "never had a problem": 0.55,
    "never had any problems": 0.55,
    "never had an issue": 0.55,
    "never had any issues": 0.55,
    "nothing but praise": 0.8,
    "nothing to complain about": 0.5,
    "nothing wrong": 0.3,
    "keep it up": 0.6,
    "keep up the good work": 0.8,
    "well done": 0.7,
    "good job": 0.7,
    "great job": 0.8,
    "nice job": 0.7,
    "job well done": 0.8,
    "above and beyond": 0.85,
    "went the extra mile": 0.8,
    "go the extra mile": 0.7,
    "made my day": 0.85,
    "thank you": 0.5,
    "thanks so much": 0.65,
    "thank you so much": 0.7,
    "many thanks": 0.6,
    "spot on": 0.7,
    "on point": 0.6,
    "hit the spot": 0.6,
    "top notch": 0.85,
    "second to none": 0.85,
    "five stars": 0.8,
    "5 stars": 0.8,
    "five star": 0.75,
    "5 star": 0.75,
    "4 stars": 0.45,
    "four stars": 0.45,
    "3 stars": 0.0,
    "three stars": 0.0,
    "2 stars": -0.45,
    "two stars": -0.45,
    "one star": -0.7,
    "1 star": -0.7,
    "zero stars": -0.85,
    "0 stars": -0.85,
    "no stars": -0.8,
    "value for money": 0.5,
    "good value": 0.6,
    "great value": 0.75,
    "bang for your buck": 0.6,
    "worth every penny": 0.85,
    "worth every cent": 0.85,
    "well worth": 0.65,
    "works well": 0.55,
    "worked well": 0.55,
    "working well": 0.5,
    "works great": 0.75,
    "works perfectly": 0.8,
    "works like a charm": 0.8,
    "well made": 0.6,
    "well built": 0.6,
    "well packaged": 0.5,
    "well packed": 0.5,
    "well organised": 0.55,
    "well organized": 0.55,
    "well designed": 0.55,
    "well written": 0.55,
    "well priced": 0.5,
    "well run": 0.5,
    "well worth it": 0.75,
    "as well": 0.0,
    "very well": 0.45,
    "really well": 0.45,
    "so well": 0.45,
    "quite well": 0.35,
    "pretty well": 0.35,
    "fit perfectly": 0.7,
    "fits perfectly": 0.7,
    "fits well": 0.5,
    "right on time": 0.55,
    "ahead of schedule": 0.5,
    "earlier than expected": 0.5,
    "sooner than expected": 0.5,
    "better than expected": 0.6,
    "exceeded my expectations": 0.85,
    "exceeded expectations": 0.8,
    "beyond my expectations": 0.8,
    "above my expectations": 0.7,
    "met my expectations": 0.35,
    "met expectations": 0.3,
    "pleasantly surprised": 0.7,
    "peace of mind": 0.5,
    "hassle free": 0.6,
    "stress free": 0.6,
    "trouble free": 0.55,
    "user friendly": 0.55,
    "easy to use": 0.55,
    "easy to install": 0.5,
    "easy to follow": 0.45,
    "easy to deal with": 0.55,
    "a pleasure to deal with": 0.75,
    "a joy": 0.65,
    "a breeze": 0.6,
    "a lifesaver": 0.75,
    "life saver": 0.75,
    "game changer": 0.7,
    "blown away": 0.8,
    "over the moon": 0.85,
    "in love with": 0.75,
    "fell in love": 0.75,
    "must have": 0.6,
    "must buy": 0.65,
    "good as new": 0.4,
    "like new": 0.3,
    "up and running": 0.4,
    "back up and running": 0.45,
    "problem solved": 0.55,
    "got it sorted": 0.5,
    "sorted it out": 0.5,
    "sorted out": 0.4,
    "took care of": 0.4,
    "taken care of": 0.4,
    "on top of": 0.3,
    "kept me informed": 0.55,
    "kept me updated": 0.55,
    "kept us informed": 0.55,
    "good to go": 0.4,
    "piece of cake": 0.5,
    "the real deal": 0.6,
    "happy customer": 0.75,
    "loyal customer": 0.3,
    "will definitely": 0.2,
    "look forward to": 0.45,
    "looking forward to": 0.45,
    "ok i guess": -0.1,
    "not great": -0.45,
    "not good": -0.5,
    "not happy": -0.55,
    "not impressed": -0.6,
    "not amused": -0.5,
    "not the best": -0.35,
    "not as good": -0.4,
    "not as described": -0.65,
    "not as advertised": -0.65,
    "not what i ordered": -0.65,
    "not what i expected": -0.45,
    "not what we ordered": -0.65,
    "not fit for purpose": -0.75,
    "not even close": -0.4,
    "too good to be true": -0.1,
    "too bad": -0.4,
    "so so": -0.15,
    "meh": -0.3,
    "could be better": -0.3,
    "could have been better": -0.4,
    "could've been better": -0.4,
    "should have been better": -0.45,
    "could be worse": 0.15,
    "could have been worse": 0.15,
    "expected better": -0.5,
    "expected more": -0.5,
    "i expected more": -0.5,
    "hoped for more": -0.45,
    "hoped for better": -0.45,
    "leaves a lot to be desired": -0.65,
    "left a lot to be desired": -0.65,
    "leaves much to be desired": -0.65,
    "left much to be desired": -0.65,
    "fall short": -0.5,
    "falls short": -0.5,
    "fell short": -0.5,
    "fell apart": -0.75,
    "falls apart": -0.7,
    "falling apart": -0.7,
    "came apart": -0.65,
    "went wrong": -0.5,
    "goes wrong": -0.45,
    "go wrong": -0.1,
    "wrong item": -0.7,
    "wrong items": -0.7,
    "wrong order": -0.7,
    "wrong size": -0.6,
    "wrong colour": -0.6,
    "wrong color": -0.6,
    "wrong product": -0.7,
    "wrong address": -0.6,
    "wrong part": -0.6,
    "wrong one": -0.55,
    "wrong model": -0.6,
    "wrong amount": -0.65,
    "wrong information": -0.55,
    "wrong info": -0.55,
    "incorrect item": -0.7,
    # money
    "charged twice": -0.8,
    "charged me twice": -0.8,
    "charged us twice": -0.8,
    "charged three times": -0.8,
    "charged again": -0.6,
    "charged me again": -0.6,
    "charged extra": -0.55,
    "charged more": -0.5,
    "charged for nothing": -0.75,
    "charged me for": -0.35,
    "still charged": -0.65,
    "still being charged": -0.7,
    "double charged": -0.8,
    "double charge": -0.75,
    "double billed": -0.8,
    "double billing": -0.75,
    "billed twice": -0.8,
    "billed me twice": -0.8,
    "billed again": -0.6,
    "paid twice": -0.7,
    "hidden fees": -0.65,
    "hidden charges": -0.65,
    "hidden costs": -0.6,
    "extra charges": -0.45,
    "extra fees": -0.45,
    "unexpected charge": -0.55,
    "unexpected charges": -0.55,
    "without permission": -0.55,
    "without my permission": -0.6,
    "without authorisation": -0.6,
    "without authorization": -0.6,
    "ripped off": -0.8,
    "rip off": -0.8,
    "still pending": -0.55,
    "still processing": -0.45,
    "refund still pending": -0.7,
    "no refund": -0.7,
    "still no refund": -0.8,
    "asked for a refund": -0.45,
    "requested a refund": -0.45,
    "demanded a refund": -0.6,
    "asked for my money back": -0.55,
    "price went up": -0.35,
    "price increase": -0.35,
    "price hike": -0.45,
    "too expensive": -0.55,
    "way too expensive": -0.7,
    "not cheap": -0.2,
    "cheaply made": -0.65,
    "feels cheap": -0.5,
    "looks cheap": -0.5,
    "cheap plastic": -0.5,
    "poor quality": -0.65,
    "low quality": -0.6,
    "bad quality": -0.65,
    "good quality": 0.6,
    "great quality": 0.75,
    "high quality": 0.6,
    "top quality": 0.75,
    "excellent quality": 0.85,
    # delivery
    "arrived damaged": -0.75,
    "arrived broken": -0.8,
    "arrived late": -0.55,
    "arrived cracked": -0.75,
    "arrived dented": -0.65,
    "arrived open": -0.55,
    "arrived opened": -0.55,
    "arrived wet": -0.55,
    "arrived crushed": -0.7,
    "arrived smashed": -0.75,
    "arrived dead": -0.75,
    "arrived used": -0.6,
    "arrived empty": -0.75,
    "arrived incomplete": -0.65,
    "arrived missing": -0.65,
    "came damaged": -0.75,
    "came broken": -0.8,
    "came late": -0.5,
    "was damaged": -0.65,
    "were damaged": -0.65,
    "dead on arrival": -0.85,
    "never arrived": -0.8,
    "never came": -0.7,
    "never showed": -0.75,
    "never showed up": -0.75,
    "never turned up": -0.75,
    "never received": -0.8,
    "never got it": -0.7,
    "never got my": -0.7,
    "never delivered": -0.8,
    "never shipped": -0.75,
    "not arrived": -0.7,
    "not delivered": -0.7,
    "not received": -0.7,
    "still not arrived": -0.8,
    "still hasn't arrived": -0.8,
    "still haven't received": -0.8,
    "still not received": -0.8,
    "still missing": -0.7,
    "still broken": -0.7,
    "still not working": -0.75,
    "still doesn't work": -0.75,
    "still no": -0.55,
    "still nothing": -0.65,
    "still waiting": -0.7,
    "still am waiting": -0.7,
    "am still waiting": -0.7,
    "are still waiting": -0.7,
    "still havent": -0.55,
    "lost in the post": -0.7,
    "lost in the mail": -0.7,
    "lost in transit": -0.7,
    "lost my order": -0.75,
    "lost my package": -0.75,
    "lost our order": -0.75,
    "lost the package": -0.7,
    "left outside": -0.4,
    "left on the doorstep": -0.35,
    "thrown over the fence": -0.65,
    "missing items": -0.7,
    "missing item": -0.7,
    "missing parts": -0.7,
    "missing part": -0.65,
    "items missing": -0.7,
    "parts missing": -0.7,
    "part missing": -0.65,
    "out of stock": -0.35,
    "back ordered": -0.35,
    "backordered": -0.35,
    "delivery was late": -0.6,
    "took forever": -0.65,
    "takes forever": -0.6,
    "taking forever": -0.6,
    "took ages": -0.6,
    "takes ages": -0.55,
    "taking ages": -0.55,
    "took weeks": -0.6,
    "took months": -0.65,
    "weeks later": -0.4,
    "months later": -0.45,
    "days late": -0.55,
    "weeks late": -0.6,
    "hours late": -0.5,
    "fast delivery": 0.6,
    "quick delivery": 0.6,
    "fast shipping": 0.6,
    "quick shipping": 0.6,
    "speedy delivery": 0.65,
    "arrived quickly": 0.55,
    "arrived early": 0.5,
    "arrived on time": 0.5,
    "arrived safely": 0.45,
    "arrived promptly": 0.55,
    "arrived in perfect condition": 0.7,
    "arrived in good condition": 0.55,
    "next day": 0.2,
    # service
    "no response": -0.7,
    "no reply": -0.7,
    "no answer": -0.6,
    "no one answered": -0.7,
    "nobody answered": -0.7,
    "no one called back": -0.75,
    "nobody called back": -0.75,
    "no call back": -0.7,
    "no callback": -0.7,
    "never called back": -0.75,
    "never called me back": -0.75,
    "never got back to me": -0.75,
    "never got back to us": -0.75,
    "never heard back": -0.75,
    "never heard from them": -0.75,
    "never responded": -0.75,
    "never replied": -0.75,
    "never answered": -0.7,
    "didn't call back": -0.7,
    "didn't get back to me": -0.7,
    "no follow up": -0.6,
    "no follow-up": -0.6,
    "no updates": -0.55,
    "no update": -0.55,
    "no help": -0.65,
    "no help at all": -0.75,
    "no use": -0.5,
    "no idea": -0.3,
    "no clue": -0.4,
    "no explanation": -0.55,
    "no apology": -0.6,
    "no communication": -0.65,
    "no contact": -0.5,
    "no one cares": -0.7,
    "nobody cares": -0.7,
    "couldn't care less": -0.75,
    "could not care less": -0.75,
    "left on hold": -0.65,
    "kept on hold": -0.65,
    "on hold": -0.5,
    "put on hold": -0.55,
    "hold for": -0.4,
    "hung up": -0.65,
    "hung up on me": -0.8,
    "hangs up": -0.6,
    "passed around": -0.55,
    "passed from": -0.35,
    "bounced around": -0.55,
    "transferred again": -0.55,
    "transferred multiple times": -0.6,
    "run around": -0.65,
    "the runaround": -0.65,
    "fobbed off": -0.7,
    "brushed off": -0.6,
    "talked down to": -0.6,
    "treated like": -0.35,
    "had to chase": -0.65,
    "have to chase": -0.6,
    "had to call": -0.45,
    "had to call back": -0.55,
    "had to ring": -0.45,
    "had to email": -0.4,
    "had to ask": -0.35,
    "had to wait": -0.5,
    "had to return": -0.5,
    "had to send": -0.35,
    "had to send it back": -0.6,
    "had to go back": -0.45,
    "had to explain": -0.45,
    "had to repeat": -0.5,
    "had to remind": -0.5,
    "had to escalate": -0.6,
    "had to complain": -0.6,
    "had to pay": -0.35,
    "had to fight": -0.65,
    "had to beg": -0.65,
    "had to keep": -0.4,
    "have to keep": -0.4,
    "kept me waiting": -0.65,
    "kept us waiting": -0.65,
    "kept waiting": -0.6,
    "left waiting": -0.6,
    "made me wait": -0.55,
    "wait time": -0.3,
    "waiting time": -0.3,
    "waiting for hours": -0.7,
    "waited for hours": -0.7,
    "waiting for weeks": -0.7,
    "waited for weeks": -0.7,
    "waited weeks": -0.7,
    "waited months": -0.75,
    "waited hours": -0.65,
    "for an hour": -0.3,
    "for hours": -0.35,
    "for weeks": -0.35,
    "for months": -0.35,
    "three times": -0.15,
    "several times": -0.2,
    "multiple times": -0.25,
    "numerous times": -0.3,
    "many times": -0.05,
    "called twice": -0.35,
    "called three times": -0.45,
    "called several times": -0.5,
    "called multiple times": -0.55,
    "emailed twice": -0.35,
    "emailed several times": -0.5,
    "emailed multiple times": -0.55,
    "same issue": -0.4,
    "same problem": -0.4,
    "same thing again": -0.4,
    "happened again": -0.5,
    "stopped working": -0.8,
    "stops working": -0.75,
    "quit working": -0.75,
    "died after": -0.7,
    "broke after": -0.75,
    "broke down": -0.7,
    "broken down": -0.65,
    "gave up": -0.5,
    "give up": -0.45,
    "gave up on": -0.55,
    "doesn't work": -0.7,
    "does not work": -0.7,
    "didn't work": -0.7,
    "did not work": -0.7,
    "don't work": -0.7,
    "won't work": -0.65,
    "won't turn on": -0.75,
    "wouldn't turn on": -0.75,
    "doesn't turn on": -0.75,
    "will not turn on": -0.75,
    "would not turn on": -0.75,
    "won't charge": -0.7,
    "won't start": -0.65,
    "no signal": -0.5,
    "not working": -0.75,
    "isn't working": -0.75,
    "wasn't working": -0.7,
    "never worked": -0.8,
    "not fixed": -0.6,
    "not resolved": -0.65,
    "never resolved": -0.7,
    "never fixed": -0.7,
    "still unresolved": -0.75,
    "closed my ticket": -0.5,
    "closed the ticket": -0.45,
    "out of pocket": -0.55,
    "out of order": -0.5,
    "made a mistake": -0.45,
    "made mistakes": -0.45,
    "messed up": -0.65,
    "screwed up": -0.7,
    "mixed up": -0.45,
    "mix up": -0.45,
    "mix-up": -0.45,
    "fell through": -0.55,
    "let down": -0.65,
    "let me down": -0.7,
    "let us down": -0.7,
    "lets you down": -0.6,
    "letdown": -0.65,
    "sent back": -0.45,
    "send it back": -0.45,
    "sent it back": -0.5,
    "sending it back": -0.5,
    "returning it": -0.45,
    "returned it": -0.45,
    "returned them": -0.45,
    "return it": -0.35,
    "send back": -0.4,
    "went quiet": -0.6,
    "gone quiet": -0.6,
    "radio silence": -0.7,
    "no show": -0.75,
    "no-show": -0.75,
    "didn't show up": -0.75,
    "did not show up": -0.75,
    "didn't turn up": -0.7,
    "stood up": -0.5,
    "lied to": -0.75,
    "lied to me": -0.8,
    "false promises": -0.7,
    "broken promises": -0.7,
    "promised to call": -0.45,
    "promised a call": -0.45,
    "was promised": -0.35,
    "were promised": -0.35,
    "yet to receive": -0.65,
    "yet to hear": -0.6,
    "have yet to": -0.45,
    "has yet to": -0.45,
    "pain in the": -0.6,
    "the worst": -0.9,
    "worst ever": -0.95,
    "worst experience": -0.95,
    "bad experience": -0.7,
    "terrible experience": -0.9,
    "horrible experience": -0.9,
    "great experience": 0.8,
    "good experience": 0.65,
    "pleasant experience": 0.65,
    "customer service nightmare": -0.85,
    "not helpful": -0.6,
    "not very helpful": -0.55,
    "not responsive": -0.6,
    "beyond repair": -0.65,
    "out of warranty": -0.3,
    "under warranty": 0.0,
    "ice cold": 0.0,
    "stone cold": -0.4,
    "way off": -0.45,
    "fed up": -0.7,
    "sick of": -0.65,
    "sick and tired": -0.75,
    "tired of": -0.55,
    "had enough": -0.6,
    "had it with": -0.65,
    "last straw": -0.75,
    "the final straw": -0.8,
    "what a joke": -0.75,
    "a joke": -0.55,
    "a nightmare": -0.8,
    "a disaster": -0.8,
    "shut up": -0.5,
    "piss off": -0.75,
    "pissed off": -0.8,
    "screw you": -0.8,
    "screw this": -0.7,
    "rest in peace": -0.4,
    "passed away": -0.6,
    "good riddance": -0.4,
    "oh well": -0.2,
    "oh no": -0.45,
    "oh dear": -0.35,
    "no way": -0.2,
    "no thanks": -0.4,
    "no thank you": -0.4,
    "thanks for nothing": -0.75,
    "big deal": -0.1,
    "no big deal": 0.1,
    "not a big deal": 0.05,
    "bless you": 0.4,
    "god bless": 0.5,
    "happy birthday": 0.7,
    "happy holidays": 0.65,
    "merry christmas": 0.7,
    "happy new year": 0.7,
    "good luck": 0.45,
    "best wishes": 0.6,
    "good morning": 0.25,
    "good night": 0.2,
    "good times": 0.55,
    "high five": 0.5,
    "thumbs up": 0.6,
    "thumbs down": -0.6,
    "two thumbs up": 0.8,
    "falls flat": -0.6,
    "fell flat": -0.6,
    "falls apart at the end": -0.5,
    "over the top": -0.15,
    "fell asleep": -0.55,
    "falling asleep": -0.5,
    "put me to sleep": -0.6,
    "puts you to sleep": -0.6,
    "walked out": -0.5,
    "must see": 0.65,
    "must-see": 0.65,
    "a must": 0.5,
    "at its best": 0.55,
    "at their best": 0.55,
    "at his best": 0.55,
    "at her best": 0.55,
    "at its worst": -0.6,
    "on the edge of your seat": 0.5,
    "edge of my seat": 0.5,
    "laugh out loud": 0.6,
    "a waste": -0.65,
    "a mess": -0.6,
    "hot mess": -0.6,
    "for the better": 0.45,
    "for the worse": -0.5,
    "turn for the worse": -0.6,
    "out of touch": -0.45,
    "out of control": -0.5,
    "out of date": -0.35,
    "out of hand": -0.45,
    "in trouble": -0.5,
    "in danger": -0.5,
    "at risk": -0.4,
    "in need": -0.2,
    "in vain": -0.45,
    "up in arms": -0.5,
    "up to par": 0.35,
    "up to scratch": 0.35,
    "up to snuff": 0.35,
    "not up to par": -0.5,
    "not up to scratch": -0.5,
    "not up to standard": -0.55,
    "below par": -0.5,
    "below average": -0.5,
    "above average": 0.45,
    "sub par": -0.55,
    "subpar": -0.55,
    "second rate": -0.55,
    "second-rate": -0.55,
    "third rate": -0.6,
    "far from perfect": -0.4,
    "far from good": -0.5,
    "less than impressed": -0.55,
    "less than satisfied": -0.55,
    "less than helpful": -0.5,
    "less than ideal": -0.4,
    "more than happy": 0.75,
    "more than satisfied": 0.75,
    "nothing special": -0.3,
    "nothing new": -0.25,
    "nothing happened": -0.35,
    "nothing works": -0.65,
    "all good": 0.5,
    "all fixed": 0.5,
    "all sorted": 0.5,
    "so far so good": 0.45,
    "so far": 0.0,
    "as good as": 0.2,
    "good enough": 0.25,
    "not good enough": -0.6,
    "not bad enough": 0.0,
    "not anymore": -0.25,
    "any more": 0.0,
    "or not": 0.0,
    "if not": 0.0,
    "not only": 0.0,
    "not just": 0.0,
    "but also": 0.0,
    "nothing but": 0.0,
    "nothing short of": 0.0,
    "no doubt": 0.0,
    "not to mention": 0.0,
    "don't get me wrong": 0.0,
    "would like": 0.0,
    "i'd like": 0.0,
    "we'd like": 0.0,
    "fans": 0.0,
    "at best": -0.3,
    "best friend": 0.3,
    "best friends": 0.3,
    "cutting edge": 0.5,
    "behind schedule": -0.4,
    "big fan": 0.6,
    "huge fan": 0.7,
    "no bother": 0.3,
    "don't bother": -0.55,
    "do not bother": -0.55,
    "don't buy": -0.7,
    "do not buy": -0.7,
    "don't order": -0.6,
    "do not order": -0.6,
    "don't waste": -0.7,
    "do not waste": -0.7,
    "don't watch": -0.6,
    "do not watch": -0.6,
    "don't use": -0.4,
    "do not use": -0.4,
    "don't trust": -0.6,
    "do not trust": -0.6,
    "don't expect": -0.4,
    "do not expect": -0.4,
    "no wonder": -0.1,
    "damn it": -0.6,
    "bad ass": 0.4,
    "badass": 0.4,
    "is the shit": 0.5,
    "too true": 0.4,
    "0 issues": 0.4,
    "zero issues": 0.4,
    "zero problems": 0.4,
    "0 problems": 0.4,
    "sour grapes": -0.4,
    "kinds": 0.0,
    "patients": 0.0,
    "super bowl": 0.0,
    "make fun of": -0.3,
    "made fun of": -0.3,
    "making fun of": -0.3,
    "makes fun of": -0.3,
    "need better": -0.4,
    "needs better": -0.4,
    "deserve better": -0.55,
    "deserves better": -0.55,
    "deserved better": -0.55,
    "could use better": -0.4,
    "room for improvement": -0.3,
    "no excuse": -0.5,
    "kept in the dark": -0.55,
    "left in the dark": -0.55,
    "lies in": 0.0,
    "lie in": 0.0,
    "concerned with": 0.0,
    "at least": 0.0,
    "will be back": 0.6,
    "i'll be back": 0.6,
    "we'll be back": 0.6,
    "definitely be back": 0.7,
    "will definitely be back": 0.75,
    "will be coming back": 0.6,
    "i'll be coming back": 0.6,
    "we'll be coming back": 0.6,
    "definitely be coming back": 0.7,
    "will be returning": 0.5,
    "will come back": 0.5,
    "would come back": 0.45,
    "would go back": 0.45,
    "will go back": 0.4,
    "better off": 0.2,
    "grates on my nerves": -0.6,
    "gets on my nerves": -0.6,
    "get on my nerves": -0.6,
    "it a 10": 0.7,
    "given a 10": 0.7,
    "a perfect 10": 0.8,
    "not sure": -0.25,
    "don't get me started": -0.5,
    "don't even get me started": -0.55,
    "never ceases to amaze": 0.8,
    "never fails to amaze": 0.8,
    "never fails to impress": 0.8,
    "ceases to amaze": 0.7,
    "never forget": 0.4,
    "won't forget": 0.4,
    "will never forget": 0.5,
    "my time back": -0.6,
    "minutes back": -0.5,
    "hours back": -0.5,
    "blew me away": 0.8,
    "blows me away": 0.8,
    "blew my mind": 0.8,
    "mind blowing": 0.8,
    "this blows": -0.5,
    "it blows": -0.4,
    "skip it": -0.5,
    "skip this": -0.5,
    "skip this one": -0.5,
    "dropped the ball": -0.6,
    "drop the ball": -0.5,
    "go see it": 0.5,
    "go and see it": 0.5,
    "go watch it": 0.5,
    "go rent it": 0.5,
    "must watch": 0.6,
    "plot holes": -0.6,
    "plot hole": -0.55,
    "full of holes": -0.55,
    "holes in the plot": -0.55,
    "holes in the script": -0.55,
    "lasting impression": 0.6,
    "in heaven": 0.6,
    "pulls no punches": 0.3,
    "learn a lot": 0.4,
    "learned a lot": 0.4,
    "makes no sense": -0.55,
    "make no sense": -0.55,
    "made no sense": -0.55,
    "little sense": -0.45,
    "a few": 0.0,
    "no point": -0.4,
    "no reason": -0.3,
    "can't say enough good things": 0.85,
    "cannot say enough good things": 0.85,
    "can't say enough": 0.0,
    "no kidding": 0.0,
    "late at night": 0.0,
    "late night": 0.0,
    "price doubled": -0.5,
    "quote doubled": -0.5,
    "bill doubled": -0.5,
    "locked out": -0.5,
    "account locked": -0.4,
    "took a week": -0.4,
    "took a month": -0.5,
    "took days": -0.4,
    "took hours": -0.4,
    "been a week": -0.35,
    "been a month": -0.4,
    "been weeks": -0.45,
    "been months": -0.5,
    "someone else's order": -0.5,
    "someone else's parcel": -0.5,
    "drops out": -0.45,
    "dropping out": -0.45,
    "keeps dropping": -0.5,
    "as promised": 0.4,
    "when promised": 0.3,
    "can't stop": 0.0,
    "cant stop": 0.0,
    "cannot stop": 0.0,
    "couldn't stop": 0.0,
    "never stops": 0.0,
    "never stop": 0.0,
    "comes to life": 0.5,
    "come to life": 0.5,
    "brings it to life": 0.5,
    "brings to life": 0.5,
    "like no other": 0.6,
    "in the least": 0.0,
    "for free": 0.2,
    "would have been better": -0.4,
    "would've been better": -0.4,
    "find better": -0.4,
    "seen better": -0.45,
    "seen better days": -0.5,
    "thought provoking": 0.6,
    "no questions asked": 0.5,
    "got a refund": 0.2,
    "got my refund": 0.3,
    "got my money back": 0.2,
    "refund arrived": 0.3,
    "refund came through": 0.35,
    "refund was processed": 0.25,
    "threw the parcel": -0.55,
    "threw my parcel": -0.55,
    "threw the package": -0.55,
    "threw it over": -0.55,
    "thrown over": -0.5,
    "tear in": -0.45,
    "a hole in": -0.45,
    "without warning": -0.45,
    "without any warning": -0.5,
    "without notice": -0.45,
    "without any notice": -0.5,
    "without telling me": -0.5,
    "without telling us": -0.5,
    "without telling": -0.45,
    "without asking": -0.4,
    "without my consent": -0.6,
    "without consent": -0.55,
    "without informing": -0.45,
    "more interested in": -0.45,
    "at no cost": 0.4,
    "at no extra cost": 0.45,
    "at no charge": 0.4,
    "no charge": 0.3,
    "no extra charge": 0.35,
    "free of charge": 0.45,
    "left in the rain": -0.55,
    "stopped charging": -0.65,
    "stops charging": -0.6,
    "stopped responding": -0.65,
    "stopped replying": -0.6,
    "stopped answering": -0.6,
    "stopped loading": -0.6,
    "stopped syncing": -0.6,
    "stopped connecting": -0.6,
    "stopped printing": -0.6,
    "stopped heating": -0.6,
    "stopped cooling": -0.6,
    "walked off": -0.45,
    "walked away": -0.3,
    "boo hoo": -0.5,
    "pissing me off": -0.8,
    "pissing off": -0.7,
    "ha ha": 0.5,
    "he he": 0.4,
    "nothing to add": 0.0,
    "nothing else": 0.0,
    "nothing further": 0.0,
    "nothing to report": 0.0,
    "nothing to say": 0.0,
    "no comment": 0.0,
    "no comments": 0.0,
    "no further comments": 0.0,
    "no changes": 0.0,
    "no change": 0.0,
    "no need": 0.0,
    "no more": 0.0,
    "that's the spirit": 0.6,
    "way to go": 0.6,
    "wtg": 0.6,
    "chopping block": -0.4,
    "train wreck": -0.7,
    "lack of": -0.35,
    "feel empty": -0.5,
    "giving away": 0.3,
    "burns down": -0.6,
    "burned down": -0.6,
    "sore throat": -0.5,
    "have a blast": 0.7,
    "had a blast": 0.75,
    "wish me luck": 0.4,
    "heart attack": -0.7,
    "broken heart": -0.7,
    "broke my heart": -0.7,
    "breaks my heart": -0.7,
    "heart of": 0.0,
    "stop by": 0.0,
    "one stop": 0.0,
    "wish i was there": 0.4,
    "wish i were there": 0.4,
    "wish i could be there": 0.4,
    "wish i could go": 0.4,
    "wish you were here": 0.4,
    "kiss my ass": -0.7,
    "hang in there": 0.4,
    "passing out": -0.4,
    "passed out": -0.4,
    "heck yes": 0.6,
    "hell yes": 0.6,
    "hell yeah": 0.6,
    "fuck yeah": 0.6,
    "f yeah": 0.6,
    "oh yeah": 0.3,
    "no no": -0.4,
    "no no no": -0.5,
}

# Verbs of buying again; "would not buy again", "never ordering from them again", "will use them again".
INTENT_VERBS: Final[str] = """
    buy buying bought purchase purchasing purchased order ordering ordered shop shopping shopped use using
    used visit visiting book booking booked stay staying eat eating dine dining deal dealing fly flying rent
    renting hire hiring choose choosing subscribe subscribing renew renewing bank banking
"""

# Words that open a new clause, beyond which a negation does not reach ("I don't know why it's good").
NEGATION_BLOCKERS: Final[str] = """
    how what why where when who whom whose which if because since unless until while whether and
"""

# Positive adjectives that merely intensify a following complaint ("a great disappointment", "a real pain").
INTENSIFYING_ADJECTIVES: Final[str] = """
    great real total complete absolute perfect true big huge major serious massive
"""

# Negators. "no one", "not even", "far from" are multi-word and live in NEGATOR_PHRASES.
NEGATORS: Final[str] = """
    not no never none nobody nothing nowhere neither nor without cannot barely hardly scarcely lack lacks
    lacked lacking rarely seldom devoid little don't doesn't didn't isn't wasn't aren't weren't won't
    wouldn't can't couldn't shouldn't haven't hasn't hadn't ain't mustn't needn't shan't dont doesnt didnt
    isnt wasnt arent werent wont wouldnt cant couldnt shouldnt havent hasnt hadnt aint
"""

NEGATOR_PHRASES: Final[tuple[str, ...]] = (
    "no one",
    "no longer",
    "not even",
    "far from",
    "not once",
    "at no point",
    "failed to",
    "fails to",
    "fail to",
    "unable to",
    "refused to",
    "refuses to",
    "yet to",
    "struggle to find",
    "struggled to find",
    "could have been",
    "should have been",
    "would have been",
    "could've been",
    "should've been",
    "would've been",
    "supposed to be",
    "supposed to",
    "meant to be",
    "was meant to",
    "less than",
    "instead of",
    "rather than",
)

# Negators that speak of the future or of willingness, which turn a bare intent verb into a refusal
# ("won't buy", "never using them"), unlike "didn't buy the warranty".
MODAL_NEGATORS: Final[str] = """
    won't wont wouldn't wouldnt never can't cant cannot couldn't couldnt shan't
"""

MODALS: Final[str] = """
    will would shall should could can going gonna i'll we'll you'll they'll i'd we'd you'd they'd
"""

# Intensifiers and hedges: multiplier applied to the next scored word. Some also score on their own when
# nothing follows ("Super!").
BOOSTERS: Final[dict[str, tuple[float, float]]] = {
    "very": (1.3, 0.0),
    "really": (1.3, 0.0),
    "so": (1.3, 0.0),
    "such": (1.2, 0.0),
    "too": (1.25, 0.0),
    "extremely": (1.5, 0.0),
    "incredibly": (1.5, 0.0),
    "unbelievably": (1.5, 0.0),
    "insanely": (1.5, 0.0),
    "exceptionally": (1.5, 0.0),
    "extraordinarily": (1.5, 0.0),
    "remarkably": (1.4, 0.0),
    "absolutely": (1.45, 0.3),
    "totally": (1.35, 0.0),
    "completely": (1.4, 0.0),
    "utterly": (1.5, 0.0),
    "entirely": (1.3, 0.0),
    "thoroughly": (1.35, 0.0),
    "truly": (1.3, 0.0),
    "genuinely": (1.25, 0.0),
    "seriously": (1.3, -0.15),
    "highly": (1.4, 0.0),
    "hugely": (1.4, 0.0),
    "deeply": (1.35, 0.0),
    "greatly": (1.3, 0.0),
    "particularly": (1.2, 0.0),
    "especially": (1.2, 0.0),
    "super": (1.35, 0.6),
    "mega": (1.35, 0.0),
    "ultra": (1.3, 0.0),
    "most": (1.3, 0.0),
    "more": (1.1, 0.0),
    "even": (1.15, 0.0),
    "much": (1.2, 0.0),
    "way": (1.25, 0.0),
    "far": (1.2, 0.0),
    "real": (1.2, 0.0),
    "damn": (1.35, -0.45),
    "damned": (1.35, -0.45),
    "bloody": (1.35, -0.3),
    "fucking": (1.45, -0.6),
    "freaking": (1.35, -0.2),
    "frickin": (1.3, -0.2),
    "friggin": (1.3, -0.2),
    "terribly": (1.4, -0.7),
    "awfully": (1.35, -0.6),
    "horribly": (1.45, -0.8),
    "ridiculously": (1.45, -0.4),
    "crazy": (1.3, -0.3),
    "wildly": (1.3, 0.0),
    "overly": (1.2, -0.2),
    "excessively": (1.3, -0.3),
    "quite": (1.1, 0.0),
    "pretty": (1.1, 0.25),
    "rather": (0.9, 0.0),
    "fairly": (0.8, 0.0),
    "reasonably": (0.8, 0.2),
    "relatively": (0.8, 0.0),
    "moderately": (0.7, 0.0),
    "somewhat": (0.6, 0.0),
    "slightly": (0.55, 0.0),
    "mildly": (0.6, 0.0),
    "marginally": (0.5, 0.0),
    "partly": (0.6, 0.0),
    "partially": (0.6, 0.0),
    "kinda": (0.6, 0.0),
    "kindof": (0.6, 0.0),
    "sorta": (0.6, 0.0),
    "almost": (0.6, 0.0),
    "nearly": (0.6, 0.0),
    "mostly": (0.8, 0.0),
    "occasionally": (0.7, 0.0),
    "sometimes": (0.75, 0.0),
    "maybe": (0.7, 0.0),
    "perhaps": (0.75, 0.0),
    "probably": (0.85, 0.0),
    "apparently": (0.85, 0.0),
    "seemingly": (0.8, 0.0),
    "undeniably": (1.2, 0.0),
    "downright": (1.3, 0.0),
    "practically": (0.9, 0.0),
    "pure": (1.2, 0.0),
    "utter": (1.4, 0.0),
    "sheer": (1.3, 0.0),
    "vaguely": (0.7, 0.0),
    "less": (-0.5, 0.0),
    "least": (-0.5, 0.0),
    "surprisingly": (1.2, 0.0),
    "astonishingly": (1.3, 0.0),
    "strangely": (1.0, 0.0),
    "oddly": (1.0, 0.0),
    "shockingly": (1.4, -0.5),
    "painfully": (1.35, -0.6),
    "excruciatingly": (1.4, -0.6),
    "desperately": (1.3, -0.4),
    "brutally": (1.3, -0.6),
    "needlessly": (1.2, -0.4),
    "terminally": (1.3, 0.0),
    "criminally": (1.3, -0.3),
    "unusually": (1.2, 0.0),
    "uncommonly": (1.3, 0.0),
    "impossibly": (1.3, 0.0),
    "spectacularly": (1.4, 0.6),
    "profoundly": (1.3, 0.0),
    "intensely": (1.3, 0.0),
    "endlessly": (1.2, 0.0),
    "considerably": (1.2, 0.0),
    "significantly": (1.2, 0.0),
    "positively": (1.2, 0.3),
    "strongly": (1.3, 0.0),
    "heavily": (1.1, 0.0),
    "easily": (1.2, 0.3),
    "definitely": (1.1, 0.2),
    "certainly": (1.1, 0.0),
    "simply": (1.1, 0.0),
    "amazingly": (1.4, 0.7),
}

BOOSTER_PHRASES: Final[dict[str, float]] = {
    "a bit": 0.6,
    "the least bit": 1.2,
    "least bit": 1.2,
    "a little": 0.6,
    "a little bit": 0.55,
    "a tad": 0.6,
    "a touch": 0.65,
    "kind of": 0.6,
    "sort of": 0.6,
    "a lot": 1.25,
    "so much": 1.3,
    "very much": 1.3,
    "by far": 1.3,
    "far too": 1.4,
    "way too": 1.45,
    "all too": 1.3,
    "a bit too": 0.9,
    "at all": 1.2,
    "at times": 0.75,
    "to some extent": 0.6,
    "more or less": 0.7,
    "in a way": 0.7,
}

# "too" before a plain descriptive word makes a complaint of it ("too small", "too long").
TOO_VALENCE: Final[float] = -0.35
TOO_BLOCKED: Final[str] = """
    and or but the a an to of in on at for with by from it this that i we you he she they me my our your his
    her their is was are were be been am do did does have has had
"""

# "but" and friends: what comes after the contrast counts for more than what came before.
CONTRAST_WORDS: Final[str] = "but however nevertheless nonetheless although though"
CONCESSIVE_PHRASES: Final[str] = "even though|even if|despite|in spite of|even so|albeit|whereas|whilst"


# Short function words that let negation reach further ("never had any problems", "don't think it's good").
NEGATION_TRANSPARENT: Final[str] = """
    a an the any my our your his her their its it it's this that these those them me us him ever even really
    at all to be been being is was are were am so very too quite that's i you we they he she one ones get
    got have has had do did does make made think feel find seem seems seemed look looks looked sound sounds
"""

# Interjections keep their own valence under negation ("not the latter lol").
INTERJECTIONS: Final[str] = """
    lol lmao lmfao rofl haha hahaha hehe heh yay woohoo wow ugh argh meh thanks thank thx xoxo aww awww
"""

# "kind" scores as kindness, not as "the kind of film", only when no determiner precedes it.
DETERMINERS: Final[str] = """
    the a an this that these those what which some any every each all one two of same such no its his her
    their our your my whatever
"""

# "like" is a preposition more often than a verb; it scores only after a subject or auxiliary.
LIKE_SUBJECTS: Final[str] = """
    i we you they he she really also just definitely totally actually still kinda genuinely truly both
    honestly personally absolutely do did does don't didn't doesn't dont didnt would i'd we'd they'd you'd
    might may will i'll we'll particularly especially sure not
"""

EMOTICONS: Final[dict[str, float]] = {
    ":)": 0.6,
    ":-)": 0.6,
    ":]": 0.55,
    ":-]": 0.55,
    "=)": 0.55,
    "=]": 0.5,
    ":d": 0.75,
    ":-d": 0.75,
    "=d": 0.7,
    "xd": 0.6,
    ";)": 0.5,
    ";-)": 0.5,
    ";d": 0.6,
    ":p": 0.4,
    ":-p": 0.4,
    ";p": 0.4,
    ":o)": 0.5,
    ":*": 0.6,
    ":-*": 0.6,
    "<3": 0.8,
    "<33": 0.85,
    "<333": 0.9,
    "^_^": 0.65,
    "^^": 0.55,
    "(:": 0.55,
    "c:": 0.5,
    ":')": 0.3,
    ":(": -0.6,
    ":-(": -0.6,
    ":[": -0.55,
    ":-[": -0.55,
    "=(": -0.55,
    ":((": -0.7,
    ":'(": -0.7,
    ":'-(": -0.7,
    ";(": -0.55,
    ":/": -0.35,
    ":-/": -0.35,
    ":\\": -0.35,
    ":-\\": -0.35,
    ":|": -0.2,
    ":-|": -0.2,
    ":s": -0.35,
    ":-s": -0.35,
    ":@": -0.7,
    ">:(": -0.8,
    ">:-(": -0.8,
    "</3": -0.7,
    "-_-": -0.35,
    "t_t": -0.6,
    ";_;": -0.6,
    "):": -0.5,
    "d:": -0.5,
    ":x": -0.3,
    "=/": -0.35,
    ":c": -0.4,
    ":l": -0.3,
    "=p": 0.4,
    ":3": 0.5,
}

EMOJI: Final[dict[str, float]] = {
    "😀": 0.7,
    "😃": 0.7,
    "😄": 0.75,
    "😁": 0.7,
    "😆": 0.65,
    "😅": 0.3,
    "🤣": 0.6,
    "😂": 0.45,
    "🙂": 0.55,
    "😊": 0.7,
    "😇": 0.6,
    "🥰": 0.85,
    "😍": 0.85,
    "🤩": 0.85,
    "😘": 0.7,
    "😗": 0.45,
    "😚": 0.55,
    "😙": 0.5,
    "😋": 0.6,
    "😛": 0.4,
    "😜": 0.45,
    "🤪": 0.35,
    "😝": 0.4,
    "🤗": 0.6,
    "🤭": 0.3,
    "😌": 0.4,
    "😎": 0.55,
    "🥳": 0.8,
    "☺": 0.6,
    "😉": 0.45,
    "🙃": 0.0,
    "😐": -0.2,
    "😑": -0.3,
    "😶": -0.15,
    "🙄": -0.45,
    "😏": -0.1,
    "😒": -0.5,
    "😬": -0.35,
    "🤥": -0.5,
    "😔": -0.5,
    "😪": -0.35,
    "😴": -0.25,
    "😷": -0.35,
    "🤒": -0.45,
    "🤕": -0.5,
    "🤢": -0.7,
    "🤮": -0.8,
    "🥵": -0.3,
    "🥶": -0.3,
    "😵": -0.45,
    "🤯": -0.2,
    "😕": -0.45,
    "😟": -0.5,
    "🙁": -0.55,
    "☹": -0.6,
    "😮": -0.1,
    "😯": -0.1,
    "😲": -0.05,
    "😳": -0.2,
    "🥺": -0.2,
    "😦": -0.45,
    "😧": -0.5,
    "😨": -0.6,
    "😰": -0.6,
    "😥": -0.5,
    "😢": -0.65,
    "😭": -0.6,
    "😱": -0.55,
    "😖": -0.6,
    "😣": -0.55,
    "😞": -0.65,
    "😓": -0.45,
    "😩": -0.6,
    "😫": -0.6,
    "🥱": -0.35,
    "😤": -0.6,
    "😡": -0.85,
    "😠": -0.8,
    "🤬": -0.9,
    "💩": -0.6,
    "💀": -0.2,
    "👿": -0.7,
    "😈": 0.0,
    "👍": 0.6,
    "👎": -0.6,
    "👌": 0.55,
    "👏": 0.6,
    "🙌": 0.7,
    "🙏": 0.45,
    "💪": 0.5,
    "✌": 0.4,
    "🤝": 0.45,
    "🖕": -0.85,
    "❤": 0.75,
    "♥": 0.7,
    "🧡": 0.7,
    "💛": 0.7,
    "💚": 0.7,
    "💙": 0.7,
    "💜": 0.7,
    "🖤": 0.3,
    "🤍": 0.6,
    "💕": 0.75,
    "💖": 0.75,
    "💗": 0.7,
    "💓": 0.7,
    "💞": 0.7,
    "💘": 0.7,
    "💝": 0.7,
    "💔": -0.7,
    "✨": 0.45,
    "🌟": 0.6,
    "⭐": 0.55,
    "🎉": 0.75,
    "🎊": 0.7,
    "🥂": 0.55,
    "🍾": 0.55,
    "🏆": 0.6,
    "🥇": 0.6,
    "💯": 0.7,
    "🔥": 0.45,
    "✅": 0.45,
    "✔": 0.4,
    "❌": -0.5,
    "✖": -0.4,
    "⚠": -0.35,
    "🚫": -0.5,
    "⛔": -0.5,
    "🤦": -0.55,
    "🤷": -0.1,
    "😺": 0.5,
    "😸": 0.55,
    "😻": 0.8,
    "😿": -0.6,
    "😾": -0.6,
    "🌈": 0.5,
    "☀": 0.4,
    "🌞": 0.5,
    "🌧": -0.2,
    "⛈": -0.3,
    "💸": -0.3,
    "🐌": -0.35,
    "🤡": -0.5,
    "🗑": -0.5,
}

# Common English words that a word list may miss, so short feedback ("Thx!", "Meh") counts as English.
ENGLISH_EXTRA: Final[str] = """
    i i'm i've i'd i'll it's that's isn't wasn't don't didn't doesn't can't won't wouldn't couldn't
    shouldn't haven't hasn't aren't weren't you're we're they're there's what's ok okay thx thanks lol meh
    yay ugh wow omg tbh imo btw pls plz asap email emails online app website refund refunds login password
    wifi smartphone laptop
"""

# Frequent function words of other languages that are not English words; a text made mostly of them is
# not scored, since an English lexicon would misread it.
FOREIGN_WORDS: Final[str] = """
    und ist nicht ich das der dem des ein eine einen einem einer mit auf für wir sie aber kein keine noch
    wurde wurden habe haben nur auch schon immer wieder nach zu von bei sehr schlecht leider danke bitte
    ganz waren wird werden mein meine dieser diese dieses kann können nichts alles gekauft geliefert
    bestellt kaputt produkt kundendienst kundenservice schnell nie niemand warum wie wo weil dass oder sind
    bist el los las muy pero que una uno unos unas por para del está esta este esto estoy fue fueron nadie
    nunca bien malo mala bueno buena gracias todos más mas mi mis tu tus su nosotros pedido producto
    servicio llegó llego roto rota tiene tengo como cuando donde porque también tambien siempre excelente
    pésimo pesimo atención atencion compra le les est et en très tres pas je une du ce cette ces mais avec
    sur il elle nous vous ils elles été était sont suis qui dans au aux ne ça ca merci trop rien jamais
    personne produit commande reçu recu livré livre cassé casse toujours déçu decu nul nulle parfait
    magnifique vraiment beaucoup moi toi lui leur leurs mon ma mes tes sa ses notre votre avons avez ont
    fait della delle degli che non molto sono questo questa quello quella grazie perché perche ottimo
    pessimo prodotto servizio arrivato rotto sempre niente nessuno anche ancora gli não nao muito obrigado
    obrigada uma às produto chegou quebrado péssimo het een niet zeer goed slecht ik wij jij maar zijn geen
    nooit altijd bedankt erg
"""

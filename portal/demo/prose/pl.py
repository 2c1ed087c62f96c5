"""Polish translations of the demo pages, keyed by the English text."""

from . import en

# Area slug: Polish page title, and "in <place>" as used in running text.
AREAS = {
    "brent": ("Brent", "w Brent"),
    "central-london": ("Centralny Londyn (Westminster)", "w centralnym Londynie"),
    "ealing": ("Ealing", "w Ealing"),
    "hammersmith-and-fulham": ("Hammersmith i Fulham", "w Hammersmith i Fulham"),
    "harrow": ("Harrow", "w Harrow"),
    "hillingdon": ("Hillingdon", "w Hillingdon"),
    "hounslow": ("Hounslow", "w Hounslow"),
    "west-london": (
        "Zachodni Londyn (Kensington i Chelsea, Queen's Park i Paddington)",
        "w zachodnim Londynie",
    ),
}


def area_intro(in_place: str) -> str:
    return (
        f"Co proponowane połączenie oznacza dla opieki zdrowotnej {in_place} "
        "i jak wziąć udział w lokalnych spotkaniach i ankietach."
    )


STRINGS = {
    # Home page
    en.HOME["title"]: "NHS North West London: wyraź swoją opinię",
    en.HOME["intro"]: (
        "Osiem grup zlecających świadczenia zdrowotne (clinical commissioning groups, CCG) "
        "w północno-zachodnim Londynie proponuje połączenie się w jeden organ zlecający "
        "świadczenia. Zanim podejmiemy decyzję, chcemy poznać zdanie osób, które tu "
        "mieszkają i pracują."
    ),
    "What we are proposing": "Co proponujemy",
    en.HOME["body"][1][1]: (
        "Grupy zlecające świadczenia (CCG) planują i kupują usługi NHS, takie jak opieka "
        "szpitalna, opieka w zakresie zdrowia psychicznego i opieka środowiskowa. "
        "W północno-zachodnim Londynie jest ich osiem: Brent, Central London, Ealing, "
        "Hammersmith and Fulham, Harrow, Hillingdon, Hounslow i West London."
    ),
    en.HOME["body"][2][1]: (
        "Proponujemy połączenie ich w jedną organizację dla całego północno-zachodniego "
        "Londynu. Każda dzielnica zachowałaby własny zespół i lokalny komitet, tak aby "
        "decyzje dotyczące lokalnych usług nadal zapadały blisko osób, które z nich "
        "korzystają."
    ),
    "Why we are proposing it": "Dlaczego to proponujemy",
    en.HOME["body"][4][1]: (
        "Osiem CCG już teraz współpracuje przy wielu usługach. Działanie jako jedna "
        "organizacja oznaczałoby mniej oddzielnych posiedzeń i sprawozdań, te same "
        "standardy opieki w całym północno-zachodnim Londynie oraz jedno miejsce "
        "planowania usług, które wykraczają poza granice dzielnic."
    ),
    "How to have your say": "Jak wyrazić swoją opinię",
    en.HOME["body"][6][1]: (
        "Zapoznaj się z propozycją, a następnie wypełnij naszą krótką ankietę. Możesz też "
        "przyjść na otwarte spotkanie w swojej okolicy lub do nas napisać. Czytamy każdą "
        "odpowiedź."
    ),
    en.HOME["body"][7][1]: (
        "Po zakończeniu konsultacji opublikujemy raport o tym, co usłyszeliśmy od "
        "mieszkańców i co w związku z tym zrobiliśmy."
    ),
    en.HOME["body"][8][1]: (
        "Jeśli chcesz otrzymać te informacje w innym języku, dużym drukiem lub w wersji "
        "łatwej do czytania, napisz na adres engagement@example.nhs.uk."
    ),
    # About us
    en.ABOUT["title"]: "O nas",
    en.ABOUT["intro"]: (
        "NHS North West London planuje i finansuje usługi zdrowotne dla mieszkańców ośmiu "
        "londyńskich dzielnic."
    ),
    en.ABOUT["body"][0][1]: (
        "Współpracujemy ze szpitalami, przychodniami lekarzy rodzinnych, służbami zdrowia "
        "psychicznego i opieki środowiskowej, samorządami oraz organizacjami "
        "pozarządowymi, aby mieszkańcy mogli otrzymać opiekę, której potrzebują."
    ),
    "How we make decisions": "Jak podejmujemy decyzje",
    en.ABOUT["body"][2][1]: (
        "Decyzje podejmuje nasz zarząd na posiedzeniach otwartych dla publiczności. "
        "Dokumenty i protokoły z tych posiedzeń publikujemy na tej stronie."
    ),
    "How we listen": "Jak słuchamy mieszkańców",
    en.ABOUT["body"][4][1]: (
        "Zanim zmienimy jakąś usługę, pytamy o zdanie osoby, które z niej korzystają. "
        "Prowadzimy ankiety i otwarte spotkania, współpracujemy z Healthwatch i lokalnymi "
        "organizacjami społecznymi, a także mamy Panel Obywatelski: grupę mieszkańców, "
        "którzy kilka razy w roku odpowiadają na pytania dotyczące usług zdrowotnych."
    ),
}

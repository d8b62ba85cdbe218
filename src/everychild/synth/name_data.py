"""Weighted name lists for the synthetic authority, by background.

Written for Everychild: the weights are rough shares among the families a local
authority in England serves today, not counts of any real register. Each list reads
"Name weight, Name weight, ..."; a name without a weight counts 10.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Weighted:
    names: tuple[str, ...]
    cum_weights: tuple[int, ...]


def weighted(text: str) -> Weighted:
    names: list[str] = []
    cum: list[int] = []
    total = 0
    for item in text.split(","):
        item = " ".join(item.split())
        if not item:
            continue
        name, _, weight = item.rpartition(" ")
        if not name or not weight.isdigit():
            name, weight = item, "10"
        total += int(weight)
        names.append(name)
        cum.append(total)
    return Weighted(tuple(names), tuple(cum))


@dataclass(frozen=True)
class Background:
    """A family background: its census ethnicity code and the names its families use."""

    key: str
    weight: int
    ethnicity: str
    men: Weighted
    women: Weighted
    family: Weighted
    # Children's given names where the generation born since about 2008 differs.
    boys: Weighted | None = None
    girls: Weighted | None = None
    # Grandparents' generation, born before about 1975, where it differs.
    older_men: Weighted | None = None
    older_women: Weighted | None = None
    # Chance that a child is given a name from the British children's lists instead.
    british_given: float = 0.0
    # Sikh families: "Singh" and "Kaur" as middle names.
    male_middle: str = ""
    female_middle: str = ""
    # Women's own family names used by some families (e.g. Begum), and how often.
    women_family: Weighted | None = None
    women_family_share: float = 0.0
    # Polish family names take a feminine form (-ski -> -ska).
    gendered_family: bool = False
    # Somali naming: a child's family name is the father's given name.
    patronymic: bool = False
    # Chance a woman who marries takes her husband's family name.
    takes_husband_name: float = 0.7


BRITISH_BOYS = weighted("""
    Oliver 40, George 38, Noah 36, Arthur 30, Leo 32, Harry 30, Oscar 28, Archie 26,
    Henry 25, Theodore 22, Freddie 22, Jack 30, Charlie 30, Thomas 25, Alfie 24, Jacob 22,
    Joshua 20, William 22, James 22, Isaac 18, Max 18, Lucas 16, Ethan 18, Mason 16,
    Teddy 16, Finley 14, Riley 14, Reuben 10, Tommy 14, Louie 10, Jaxon 10, Albie 12,
    Harrison 10, Dylan 12, Logan 12, Samuel 14, Joseph 14, Daniel 12, Benjamin 12,
    Alexander 14, Edward 12, Frederick 8, Toby 10, Jamie 10, Kai 8, Callum 8, Lewis 8,
    Ryan 8, Tyler 8, Kyle 6, Connor 8, Liam 8, Luke 8, Matthew 10, Owen 8, Zachary 6,
    Elliot 6, Jayden 6, Nathan 6, Robert 4, Christopher 4, Michael 5
""")
BRITISH_GIRLS = weighted("""
    Olivia 40, Amelia 38, Isla 34, Ava 32, Lily 30, Freya 26, Ivy 24, Florence 24,
    Isabella 22, Mia 24, Willow 20, Rosie 18, Sophia 20, Grace 22, Evie 22, Poppy 22,
    Ella 22, Emily 24, Jessica 18, Sophie 18, Chloe 16, Ruby 20, Daisy 16, Charlotte 20,
    Elsie 16, Millie 18, Harper 12, Matilda 12, Phoebe 12, Erin 10, Holly 10, Megan 10,
    Lucy 14, Hannah 12, Katie 10, Amber 10, Ellie 14, Scarlett 12, Eleanor 10, Isabelle 10,
    Maisie 12, Lola 10, Layla 10, Aria 10, Eliza 8, Harriet 6, Abigail 8, Victoria 6,
    Rebecca 6, Katherine 4, Elizabeth 8, Zoë 4, Aaliyah 4, Penelope 4
""")
BRITISH_MEN = weighted("""
    David 40, Paul 36, Mark 36, Andrew 34, Michael 34, James 32, Richard 28,
    Christopher 30, Daniel 28, Matthew 26, Robert 22, Stephen 24, Darren 20, Lee 20,
    Craig 18, Jason 18, Gary 18, Neil 16, Simon 18, Jonathan 16, Thomas 16, Adam 16,
    Ian 14, Scott 14, Wayne 12, Dean 12, Carl 12, Kevin 12, Anthony 14, Peter 14,
    Steven 14, John 18, Shaun 10, Ryan 14, Luke 10, Ben 8, Nicholas 10, Liam 12, Jamie 10,
    Kieran 8, Jordan 10, Sean 8, Philip 8, Martin 8, William 8, Benjamin 8, Joseph 8,
    Samuel 8, Alexander 6, Edward 5
""")
BRITISH_WOMEN = weighted("""
    Sarah 40, Emma 38, Claire 30, Laura 32, Rebecca 28, Gemma 26, Kelly 22, Nicola 24,
    Lisa 22, Rachel 24, Amy 24, Hannah 18, Stacey 16, Katie 18, Jennifer 16, Jessica 16,
    Lauren 20, Charlotte 18, Samantha 20, Victoria 18, Joanne 18, Michelle 16, Louise 16,
    Donna 10, Karen 12, Helen 16, Kerry 12, Zoe 14, Natalie 16, Danielle 14, Leanne 14,
    Hayley 14, Kirsty 12, Elizabeth 10, Katherine 12, Catherine 10, Jade 14, Chloe 12,
    Sophie 12, Lucy 14, Amanda 10, Abigail 6, Deborah 4, Tracey 6, Margaret 2
""")
BRITISH_OLDER_MEN = weighted("""
    Robert 30, Stephen 28, Alan 24, Keith 20, Brian 20, Graham 18, Peter 24, John 30,
    David 30, Michael 26, Ian 18, Kevin 16, Gary 14, Paul 20, Colin 12, Trevor 12,
    Barry 12, Anthony 14, Terence 8, Roger 8, Geoffrey 6, Raymond 8, William 10, Richard 14
""")
BRITISH_OLDER_WOMEN = weighted("""
    Susan 30, Linda 26, Karen 22, Julie 24, Deborah 20, Patricia 20, Margaret 18,
    Elaine 16, Jacqueline 14, Carol 18, Tracey 14, Sandra 16, Janet 14, Christine 16,
    Jane 14, Alison 14, Wendy 12, Beverley 10, Gillian 10, Denise 10, Pauline 10,
    Lorraine 10, Elizabeth 10, Angela 12, Katherine 6
""")
BRITISH_FAMILY = weighted("""
    Smith 100, Jones 75, Williams 60, Taylor 55, Brown 55, Davies 50, Evans 40, Wilson 40,
    Thomas 38, Johnson 36, Roberts 35, Robinson 32, Thompson 32, Wright 31, Walker 30,
    White 29, Edwards 28, Hughes 28, Green 27, Hall 27, Lewis 26, Harris 26, Clarke 25,
    Jackson 25, Wood 24, Turner 23, Martin 23, Cooper 23, Hill 23, Ward 22, Morris 22,
    Moore 22, Clark 21, Lee 21, King 21, Baker 21, Harrison 20, Morgan 20, Allen 20,
    James 20, Scott 19, Phillips 19, Watson 19, Davis 19, Parker 18, Price 18, Bennett 18,
    Young 18, Griffiths 17, Mitchell 17, Kelly 17, Cook 17, Carter 17, Richardson 16,
    Bailey 16, Collins 16, Bell 16, Shaw 16, Murphy 15, Miller 15, Cox 15, Richards 15,
    Marshall 14, Anderson 14, Simpson 14, Ellis 14, Adams 14, Wilkinson 13, Foster 13,
    Chapman 13, Powell 13, Webb 13, Rogers 13, Gray 13, Mason 13, Hunt 12, Campbell 12,
    Matthews 12, Owen 12, Palmer 12, Holmes 12, Mills 12, Barnes 12, Knight 12, Lloyd 12,
    Butler 12, Russell 12, Barker 11, Fisher 11, Stevens 11, Jenkins 11, Dixon 11,
    Fletcher 11, Fox 11, Howard 11, Pearson 10, Gibson 10, Andrews 10, Spencer 10,
    Hayes 9, Atkinson 9, Pearce 9, Heath 8, Burton 8, Sutton 8, Hodgson 8, Macdonald 8,
    Whitfield 4, Ashworth 5, Greenwood 6, Sykes 5, Pickering 4, Brennan 4
""")

CARIBBEAN_BOYS = weighted("""
    Jayden 20, Malachi 16, Tyrese 12, Kai 14, Nathaniel 14, Elijah 16, Josiah 14, Isaac 10,
    Joshua 12, Reuben 8, Marcus 10, Kyrie 8, Theo 10, Zion 8, Jaden 8, Ezra 8
""")
CARIBBEAN_GIRLS = weighted("""
    Aaliyah 16, Kiara 12, Nia 14, Imani 12, Jada 10, Amani 8, Shanice 6, Maya 12, Zara 10,
    Naomi 12, Tia 10, Leah 10, Serena 6, Kayla 10, Ariana 8
""")
CARIBBEAN_MEN = weighted("""
    Winston 6, Delroy 8, Leroy 8, Errol 8, Clive 8, Lloyd 6, Trevor 8, Jermaine 14,
    Dwayne 12, Tyrone 10, Marlon 10, Andre 12, Curtis 10, Devon 10, Carlton 6, Junior 6,
    Michael 10, Anthony 8, Paul 8, Daniel 8
""")
CARIBBEAN_WOMEN = weighted("""
    Marcia 8, Sonia 8, Beverley 8, Donna 10, Paulette 6, Jacqueline 8, Yvonne 6, Sharon 10,
    Natasha 12, Simone 12, Keisha 12, Shantelle 8, Tanya 10, Camille 8, Janelle 8,
    Michelle 10, Nadine 10, Chantelle 8
""")
CARIBBEAN_FAMILY = weighted("""
    Campbell 20, Brown 20, Williams 18, Johnson 16, Francis 12, Grant 12, Clarke 14,
    Thomas 14, Reid 12, Robinson 14, Lewis 12, Henry 10, Morgan 10, Gordon 10, Bailey 10,
    Samuels 8, McKenzie 10, Forbes 8, Bryan 8, Spence 8, Gayle 8, Wright 10, Richards 10,
    Allen 8, Edwards 8, Hinds 6, Beckford 6, Findlay 5
""")

IRISH_MEN = weighted("""
    Sean 20, Conor 16, Patrick 18, Ciaran 12, Niall 10, Declan 12, Liam 14, Cillian 8,
    Oisin 8, Eoin 10, Michael 14, John 12, Kevin 10, Brendan 8, Padraig 6, Darragh 6
""")
IRISH_WOMEN = weighted("""
    Siobhan 14, Niamh 16, Aoife 14, Ciara 14, Roisin 10, Orla 10, Sinead 12, Aisling 10,
    Grainne 6, Saoirse 10, Mary 10, Bridget 6, Clodagh 6, Fiona 8, Caoimhe 6
""")
IRISH_FAMILY = weighted("""
    Murphy 20, Kelly 18, O'Brien 16, Ryan 14, O'Sullivan 12, Walsh 14, Byrne 12,
    O'Connor 14, McCarthy 12, Doyle 10, Gallagher 10, Kennedy 10, Lynch 10, Quinn 10,
    Doherty 10, Brennan 8, Fitzgerald 8, Nolan 8, Regan 6, Daly 8, Maguire 6, Flanagan 6
""")
TRAVELLER_MEN = weighted("Patrick 16, John 16, Michael 14, Tommy 12, Martin 12, Paddy 8, "
                         "Jimmy 10, Johnny 8, Christy 6, Bernard 6")
TRAVELLER_WOMEN = weighted("Bridget 14, Mary 16, Margaret 12, Kathleen 12, Nora 10, "
                           "Winnie 6, Ellen 8, Josie 6, Chelsea 8, Shannon 8")
TRAVELLER_FAMILY = weighted("Ward 16, McDonagh 14, Connors 14, Joyce 10, Doran 8, "
                            "Maughan 10, Sheridan 8, Delaney 8, Cash 6, Stokes 8")

POLISH_MEN = weighted("""
    Jakub 16, Jan 14, Szymon 12, Antoni 10, Filip 12, Kacper 12, Mateusz 12, Piotr 14,
    Tomasz 14, Krzysztof 12, Paweł 12, Michał 14, Łukasz 12, Marcin 12, Wojciech 8,
    Adam 10, Aleksander 10, Dawid 10, Bartosz 10, Kamil 10
""")
POLISH_WOMEN = weighted("""
    Zuzanna 12, Julia 14, Maja 12, Zofia 12, Hanna 10, Lena 12, Alicja 10, Oliwia 12,
    Amelia 8, Anna 14, Katarzyna 14, Agnieszka 12, Magdalena 12, Joanna 12, Małgorzata 10,
    Monika 10, Ewa 8, Aleksandra 10, Natalia 10, Karolina 10, Justyna 8
""")
POLISH_FAMILY = weighted("""
    Nowak 20, Kowalski 16, Wiśniewski 14, Wójcik 12, Kowalczyk 12, Kamiński 12,
    Lewandowski 12, Zieliński 10, Szymański 10, Woźniak 10, Dąbrowski 10, Kozłowski 8,
    Jankowski 8, Mazur 8, Kwiatkowski 8, Krawczyk 8, Piotrowski 8, Grabowski 8,
    Nowakowski 6, Pawłowski 6, Michalski 6, Nowicki 6, Adamczyk 6, Dudek 6, Zając 6
""")
ROMANIAN_MEN = weighted("""
    Andrei 16, Alexandru 14, Ionuț 10, Mihai 14, Florin 10, Gabriel 12, Adrian 12,
    Ştefan 10, David 12, Darius 10, Cristian 12, Marius 10, Bogdan 10, Vlad 8, Daniel 10
""")
ROMANIAN_WOMEN = weighted("""
    Maria 16, Elena 14, Ioana 14, Andreea 12, Alexandra 12, Gabriela 10, Bianca 10, Ana 10,
    Mihaela 10, Daria 10, Sofia 10, Denisa 8, Florentina 6, Cristina 10, Alina 10
""")
ROMANIAN_FAMILY = weighted("""
    Popescu 16, Ionescu 12, Popa 14, Pop 12, Radu 12, Dumitru 10, Stoica 10, Stan 10,
    Gheorghe 10, Matei 8, Ciobanu 8, Rusu 8, Munteanu 8, Constantin 8, Marin 8, Lungu 6,
    Tudor 6, Florea 6, Moldovan 6, Dinu 6
""")
PORTUGUESE_MEN = weighted("João 12, Tiago 12, Rafael 10, Diogo 10, Bruno 8, Miguel 10, "
                          "Gonçalo 8, Pedro 10, Rodrigo 8")
PORTUGUESE_WOMEN = weighted("Beatriz 12, Inês 12, Mariana 12, Ana 10, Catarina 10, Sofia 10, "
                            "Leonor 8, Carolina 8")
PORTUGUESE_FAMILY = weighted("Silva 16, Santos 14, Ferreira 12, Pereira 12, Costa 10, "
                             "Oliveira 10, Rodrigues 10, Martins 8, Sousa 8, Gomes 6")
ITALIAN_MEN = weighted("Luca 12, Marco 10, Matteo 10, Alessandro 10, Giuseppe 8, Francesco 10, "
                       "Lorenzo 8, Andrea 8")
ITALIAN_WOMEN = weighted("Giulia 12, Francesca 10, Chiara 10, Sofia 10, Martina 8, Elena 8, "
                         "Alessia 8, Sara 8")
ITALIAN_FAMILY = weighted("Rossi 14, Russo 12, Ferrari 10, Esposito 10, Romano 8, Bianchi 8, "
                          "Ricci 8, Marino 6, Greco 6, Conti 6")
SPANISH_MEN = weighted("Javier 10, Pablo 10, Alejandro 10, Carlos 10, Daniel 8, Sergio 8, "
                       "Hugo 8")
SPANISH_WOMEN = weighted("Lucía 12, Carmen 10, Laura 10, María 12, Paula 8, Marta 8, "
                         "Elena 8")
SPANISH_FAMILY = weighted("García 14, Martínez 12, López 10, Fernández 10, González 10, "
                          "Sánchez 8, Pérez 8, Gómez 6")
ALBANIAN_MEN = weighted("Arben 10, Ardit 10, Besnik 8, Endrit 10, Ermal 8, Gentian 6, "
                        "Kujtim 6, Leon 8")
ALBANIAN_WOMEN = weighted("Elira 10, Arta 10, Blerina 8, Albana 8, Ana 8, Drita 6, Eriona 8, "
                          "Jonida 6")
ALBANIAN_FAMILY = weighted("Hoxha 12, Krasniqi 10, Shehu 8, Gashi 10, Berisha 10, Kola 8, "
                           "Leka 6, Dervishi 6")
BULGARIAN_MEN = weighted("Ivan 12, Georgi 12, Dimitar 10, Nikolai 10, Petar 10, Stoyan 6, "
                         "Hristo 8, Aleksandar 8")
BULGARIAN_WOMEN = weighted("Viktoria 10, Desislava 10, Maria 12, Elena 10, Ivanka 6, "
                           "Gergana 8, Nikol 8, Radostina 6")
# Masculine forms; women and girls take -ova and -eva (see naming.gendered).
BULGARIAN_FAMILY = weighted("Ivanov 14, Dimitrov 12, Georgiev 12, Petrov 12, Nikolov 8, "
                            "Stoyanov 8, Todorov 8, Angelov 6")
TURKISH_MEN = weighted("""
    Mehmet 16, Mustafa 14, Ahmet 12, Ali 12, Hüseyin 10, Emre 10, Yusuf 12, Murat 10,
    Hasan 10, Kerem 8, Deniz 6, Can 8, Baran 8, Eren 8, Serkan 6
""")
TURKISH_WOMEN = weighted("""
    Ayşe 14, Fatma 12, Zeynep 14, Elif 14, Emine 10, Hatice 8, Merve 10, Defne 8, Ecem 8,
    Büşra 8, Hülya 6, Derya 8, Esra 8, Gül 6
""")
TURKISH_FAMILY = weighted("""
    Yılmaz 16, Kaya 14, Demir 14, Şahin 12, Çelik 12, Yıldız 10, Yıldırım 10, Öztürk 10,
    Aydın 10, Özdemir 10, Arslan 8, Doğan 8, Kılıç 8, Aslan 6, Çetin 6, Kara 6
""")

HINDU_MEN = weighted("""
    Arjun 12, Aarav 10, Rohan 12, Krish 10, Dev 8, Vihaan 8, Ravi 12, Sanjay 12,
    Rajesh 12, Amit 14, Vikram 10, Rahul 14, Nikhil 10, Anil 10, Deepak 10, Suresh 10,
    Kiran 8, Ishaan 8, Hitesh 8, Nitin 8
""")
HINDU_WOMEN = weighted("""
    Priya 16, Anjali 12, Aanya 10, Diya 10, Riya 12, Anika 10, Kavya 8, Meera 10,
    Pooja 14, Sunita 10, Neha 14, Nisha 12, Asha 8, Shreya 10, Divya 10, Hema 8, Krupa 6
""")
HINDU_FAMILY = weighted("""
    Patel 60, Shah 18, Sharma 14, Kumar 14, Mistry 10, Parmar 10, Chauhan 8, Joshi 10,
    Mehta 10, Desai 8, Nair 8, Pillai 6, Reddy 6, Gupta 10, Verma 8, Bhatt 8, Lal 6,
    Chopra 6, Kapoor 6, Malhotra 6, Solanki 8, Rana 6
""")
SIKH_MEN = weighted("""
    Harpreet 12, Gurpreet 12, Jaspreet 10, Manpreet 10, Harjit 8, Kulwinder 8, Jasvir 8,
    Amrit 8, Navdeep 10, Sukhwinder 8, Baljit 8, Ravinder 8, Parminder 8, Tejinder 6
""")
SIKH_WOMEN = weighted("""
    Harpreet 10, Gurpreet 10, Jaspreet 10, Manpreet 10, Simran 12, Harleen 8, Jasleen 10,
    Rupinder 8, Navneet 8, Kulwinder 6, Amandeep 8, Kiranjit 6, Parminder 6
""")
SIKH_BOYS = weighted("Arjun 10, Gurveer 10, Ekam 8, Fateh 8, Sahib 6, Ishaan 8, Jasraj 8, "
                     "Harnoor 6, Arjan 10, Veer 8, Kabir 8, Jaiveer 6")
SIKH_GIRLS = weighted("Jasleen 10, Simran 10, Harnoor 8, Navya 8, Amrit 8, Gurleen 8, "
                      "Ishnoor 8, Kiran 8, Mehar 8, Sahej 6")
SIKH_FAMILY = weighted("""
    Gill 14, Sandhu 12, Dhillon 12, Sidhu 10, Bains 10, Johal 8, Grewal 8, Sangha 8,
    Atwal 6, Virdi 6, Bassi 6, Kaur 6, Singh 10
""")

MUSLIM_SOUTH_ASIAN_MEN = weighted("""
    Muhammad 40, Mohammed 30, Ahmed 12, Ali 14, Hassan 10, Hamza 12, Ibrahim 12, Yusuf 12,
    Zain 10, Ayaan 10, Imran 12, Asif 10, Tariq 10, Khalid 8, Naveed 8, Shahid 10,
    Zubair 8, Usman 10, Bilal 10, Adam 10, Musa 10, Abdullah 10, Omar 10, Rehan 8,
    Faisal 8
""")
MUSLIM_SOUTH_ASIAN_WOMEN = weighted("""
    Aisha 14, Fatima 16, Maryam 14, Zainab 12, Hafsa 10, Khadija 10, Amina 10, Safa 8,
    Hira 10, Sana 10, Ayesha 12, Noor 10, Iqra 8, Mehwish 6, Nazia 8, Shazia 8, Samina 8,
    Rubina 6, Saima 8, Humaira 6, Anam 8, Zara 10, Alisha 8
""")
PAKISTANI_FAMILY = weighted("""
    Khan 40, Hussain 24, Ahmed 18, Ali 16, Akhtar 10, Iqbal 12, Mahmood 12, Shah 10,
    Malik 12, Butt 8, Rashid 8, Aslam 8, Javed 8, Nawaz 6, Raza 8, Qureshi 8, Chaudhry 8,
    Mirza 6, Sheikh 6, Rehman 8, Siddiqui 6, Anwar 6, Riaz 6
""")
PAKISTANI_WOMEN_FAMILY = weighted("Bibi 20, Begum 16, Akhtar 12, Kausar 6, Parveen 8")
BANGLADESHI_MEN = weighted("""
    Mohammed 30, Muhammad 20, Abdul 20, Rahim 8, Karim 8, Jamal 8, Shahid 8, Rafiq 6,
    Aminul 6, Nazrul 6, Ayaan 10, Zakaria 8, Ismail 10, Rayyan 10, Shihab 6, Mahdi 8,
    Tanvir 8, Arif 8, Sayed 6
""")
BANGLADESHI_WOMEN = weighted("""
    Fatima 14, Ayesha 12, Nusrat 10, Tahmina 8, Rokeya 6, Shirin 8, Salma 10, Jasmin 10,
    Maryam 12, Sumaiya 10, Rumana 8, Nadia 10, Tasnim 10, Samira 8, Sadia 10, Anisa 8,
    Ruksana 8, Sabrina 6
""")
BANGLADESHI_FAMILY = weighted("""
    Miah 20, Ahmed 18, Rahman 18, Uddin 16, Islam 14, Hussain 12, Ali 12, Hoque 10,
    Choudhury 10, Chowdhury 8, Khan 10, Alam 10, Hossain 10, Karim 6, Ullah 8, Sarkar 6
""")
BANGLADESHI_WOMEN_FAMILY = weighted("Begum 30, Khatun 16, Bibi 8, Sultana 8, Akter 8")
TAMIL_MEN = weighted("Kumaran 10, Tharshan 10, Sivakumar 8, Rajan 8, Suresh 8, "
                     "Thanushan 8, Kajan 8, Niroshan 6, Pirasanth 6")
TAMIL_WOMEN = weighted("Kavitha 10, Thanuja 8, Priyanka 10, Lakshmi 8, Nirmala 8, Tharsini 8, "
                       "Sharmila 8, Kajani 6")
TAMIL_FAMILY = weighted("Sivakumar 10, Kanagaratnam 6, Rajendran 8, Thuraisingham 6, "
                        "Selvarajah 8, Nadarajah 8, Balasubramaniam 6, Yogarajah 6")
NEPALI_MEN = weighted("Bishal 10, Sushil 8, Ramesh 10, Bikash 8, Suman 8, Prakash 8, "
                      "Dipesh 8")
NEPALI_WOMEN = weighted("Sunita 10, Anjana 8, Sarita 8, Sabina 8, Puja 10, Srijana 8, "
                        "Manisha 8")
NEPALI_FAMILY = weighted("Gurung 14, Rai 12, Tamang 10, Limbu 8, Thapa 12, Magar 8, Pun 6, "
                         "Shrestha 10")
FILIPINO_MEN = weighted("Joseph 10, Mark 10, Angelo 8, John Paul 8, Christian 8, Ramon 6, "
                        "Jericho 6")
FILIPINO_WOMEN = weighted("Maria 12, Kristine 8, Jasmine 8, Angelica 8, Mary Grace 6, "
                          "Rowena 6, Marites 4")
FILIPINO_FAMILY = weighted("Reyes 12, Cruz 10, Bautista 8, Santos 10, Garcia 10, Mendoza 8, "
                           "Dela Cruz 8, Villanueva 6, Ramos 8")
AFGHAN_MEN = weighted("Ahmad 12, Farhad 8, Habibullah 6, Mohammad 12, Najib 8, Wahid 8, "
                      "Jawad 8, Samiullah 6")
AFGHAN_WOMEN = weighted("Mariam 10, Parwana 8, Fatima 10, Zahra 10, Nargis 8, Shabnam 8, "
                        "Mursal 6, Frishta 6")
AFGHAN_FAMILY = weighted("Ahmadzai 10, Noorzai 8, Popal 6, Sultani 8, Rahimi 10, Hakimi 8, "
                         "Karimi 10, Amiri 8, Safi 8")
VIETNAMESE_MEN = weighted("Minh 10, Tuan 10, Duc 8, Hung 8, Quang 8, Long 8")
VIETNAMESE_WOMEN = weighted("Linh 10, Thao 10, Huong 8, Lan 8, Mai 10, Ngoc 8")
VIETNAMESE_FAMILY = weighted("Nguyen 30, Tran 14, Pham 10, Le 10, Hoang 8, Vu 6, Do 6")

NIGERIAN_MEN = weighted("""
    Oluwaseun 8, Oluwatobi 8, Olumide 6, Adebayo 8, Ayodele 6, Chukwuemeka 8, Chinedu 8,
    Emeka 6, Obinna 6, Tunde 8, Ikenna 6, Olufemi 6, Ebuka 4, Samuel 12, Daniel 12,
    David 12, Emmanuel 12, Joshua 10, Michael 10, Godwin 6
""")
NIGERIAN_WOMEN = weighted("""
    Chiamaka 8, Ngozi 8, Chioma 8, Adaeze 6, Funmilayo 6, Folasade 6, Temitope 8,
    Oluwakemi 6, Amara 8, Precious 8, Blessing 10, Favour 8, Grace 10, Esther 10,
    Deborah 8, Joy 8
""")
NIGERIAN_FAMILY = weighted("""
    Okafor 10, Okonkwo 8, Adeyemi 10, Adebayo 8, Ogunleye 6, Oyelaran 4, Olawale 6, Eze 8,
    Nwosu 6, Obi 8, Afolabi 8, Oladipo 6, Balogun 8, Okoro 8, Nwachukwu 6, Ogundipe 6,
    Adewale 6
""")
GHANAIAN_MEN = weighted("Kwame 12, Kofi 12, Kwabena 8, Kojo 8, Yaw 8, Kwaku 8, Kwesi 6, "
                        "Samuel 10, Emmanuel 10, Daniel 8, Prince 6, Isaac 8, Nana 6")
GHANAIAN_WOMEN = weighted("Adwoa 8, Akosua 8, Abena 8, Ama 10, Adjo 6, Efua 6, Yaa 6, "
                          "Akua 6, Afua 6, Comfort 6, Mercy 8, Grace 8, Gifty 6, Esther 6")
GHANAIAN_FAMILY = weighted("Mensah 14, Asante 10, Boateng 12, Owusu 12, Osei 12, Appiah 8, "
                           "Agyeman 6, Danso 6, Amoah 8, Ansah 6, Acheampong 6, Asamoah 6, "
                           "Frimpong 6, Addo 8")
ZIMBABWEAN_MEN = weighted("Tendai 10, Tinashe 10, Tatenda 8, Farai 8, Blessing 8, "
                          "Tafadzwa 8, Takudzwa 6, Simba 6, Brian 6, Trust 4")
ZIMBABWEAN_WOMEN = weighted("Nyasha 10, Chipo 8, Rutendo 8, Ruvimbo 8, Tsitsi 8, Chiedza 6, "
                            "Rumbidzai 6, Precious 8, Memory 6, Faith 8")
ZIMBABWEAN_FAMILY = weighted("Moyo 14, Ndlovu 12, Mutasa 8, Sibanda 10, Ncube 10, Dube 10, "
                             "Chikwanha 4, Mhlanga 6, Nyathi 6, Chinembiri 4")
SIERRA_LEONEAN_MEN = weighted("Mohamed 12, Ibrahim 10, Alusine 6, Abu 8, Sorie 6, "
                              "Santigie 4, Joseph 8, John 8, Abdul 8")
SIERRA_LEONEAN_WOMEN = weighted("Fatmata 10, Mariama 10, Isatu 8, Aminata 10, Hawa 8, "
                                "Kadiatu 8, Adama 6, Marie 6")
SIERRA_LEONEAN_FAMILY = weighted("Kamara 16, Sesay 12, Bangura 10, Koroma 10, Conteh 10, "
                                 "Turay 8, Jalloh 8, Kanu 6, Mansaray 6, Fofanah 6")
SOMALI_MEN = weighted("""
    Mohamed 20, Abdi 14, Abdullahi 12, Ahmed 14, Hassan 12, Ali 12, Omar 10, Yusuf 10,
    Ibrahim 10, Abdirahman 10, Abdirizak 6, Mahad 6, Liban 6, Hamza 8, Khalid 6, Farah 6,
    Mohamud 8, Ismail 8, Said 6, Warsame 4
""")
SOMALI_WOMEN = weighted("""
    Hodan 8, Ayan 8, Faduma 10, Hawa 8, Ifrah 8, Sagal 8, Fartun 6, Sahra 8, Amina 10,
    Asha 8, Maryan 8, Hibo 6, Nimco 6, Khadra 6, Idil 6, Ikran 6, Muna 6
""")
CHINESE_MEN = weighted("Wei 12, Jun 10, Lei 8, Ming 10, Hao 8, Jian 8, Yong 6, Tao 6, "
                       "Chi Keung 4, Kwok Wai 4, Ka Ho 4, Zhen 6")
CHINESE_WOMEN = weighted("Jing 12, Li 10, Hui 8, Yan 10, Xiaoling 6, Fang 8, Ying 8, "
                         "Mei 8, Lai Ying 4, Wai Man 4, Xin 6, Ling 8")
CHINESE_FAMILY = weighted("""
    Wang 10, Li 10, Zhang 10, Liu 8, Chen 10, Yang 6, Huang 6, Zhao 6, Wu 6, Zhou 6,
    Lin 6, Ng 8, Wong 10, Chan 10, Cheung 8, Lam 8, Ho 6, Leung 6, Tang 6, Lau 6
""")
ARAB_MEN = weighted("""
    Mohammed 16, Ahmed 12, Omar 12, Youssef 10, Khaled 8, Ali 10, Hamza 8, Adam 8,
    Yasin 6, Karim 6, Tariq 6, Samir 6, Mahmoud 8, Mustafa 8, Ibrahim 8, Zakaria 6,
    Yahya 6
""")
ARAB_WOMEN = weighted("""
    Fatima 12, Mariam 10, Nour 10, Layla 10, Amira 8, Salma 8, Hana 8, Yasmin 8, Sara 10,
    Rania 6, Aya 8, Malak 6, Jana 6, Lina 8, Dina 6, Rahaf 6
""")
ARAB_FAMILY = weighted("""
    Al-Hassan 8, Haddad 8, Mansour 8, Saleh 8, Abdallah 8, Nasser 6, Hamdan 6, Khalil 8,
    Ibrahim 8, Ahmed 8, Said 6, Farah 6, Hussein 8, Al-Saadi 6, Al-Najjar 4, Darwish 6,
    Youssef 6, Osman 6, Mahmoud 8
""")

BACKGROUNDS: tuple[Background, ...] = (
    Background("white_british", 640, "WBRI", BRITISH_MEN, BRITISH_WOMEN, BRITISH_FAMILY,
               boys=BRITISH_BOYS, girls=BRITISH_GIRLS, older_men=BRITISH_OLDER_MEN,
               older_women=BRITISH_OLDER_WOMEN, takes_husband_name=0.8),
    Background("irish", 10, "WIRI", IRISH_MEN, IRISH_WOMEN, IRISH_FAMILY,
               british_given=0.4, takes_husband_name=0.75),
    Background("traveller", 3, "WIRT", TRAVELLER_MEN, TRAVELLER_WOMEN, TRAVELLER_FAMILY,
               british_given=0.2, takes_husband_name=0.9),
    Background("polish", 22, "WOTH", POLISH_MEN, POLISH_WOMEN, POLISH_FAMILY,
               british_given=0.2, gendered_family=True, takes_husband_name=0.85),
    Background("romanian", 16, "WOTH", ROMANIAN_MEN, ROMANIAN_WOMEN, ROMANIAN_FAMILY,
               british_given=0.15, takes_husband_name=0.85),
    Background("roma", 3, "WROM", ROMANIAN_MEN, ROMANIAN_WOMEN, ROMANIAN_FAMILY,
               takes_husband_name=0.8),
    Background("portuguese", 5, "WOTH", PORTUGUESE_MEN, PORTUGUESE_WOMEN, PORTUGUESE_FAMILY,
               british_given=0.25, takes_husband_name=0.3),
    Background("italian", 3, "WOTH", ITALIAN_MEN, ITALIAN_WOMEN, ITALIAN_FAMILY,
               british_given=0.25, takes_husband_name=0.3),
    Background("spanish", 2, "WOTH", SPANISH_MEN, SPANISH_WOMEN, SPANISH_FAMILY,
               british_given=0.25, takes_husband_name=0.1),
    Background("albanian", 2, "WOTH", ALBANIAN_MEN, ALBANIAN_WOMEN, ALBANIAN_FAMILY,
               british_given=0.15, takes_husband_name=0.8),
    Background("bulgarian", 3, "WOTH", BULGARIAN_MEN, BULGARIAN_WOMEN, BULGARIAN_FAMILY,
               british_given=0.15, gendered_family=True, takes_husband_name=0.8),
    Background("turkish", 6, "WOTH", TURKISH_MEN, TURKISH_WOMEN, TURKISH_FAMILY,
               british_given=0.1, takes_husband_name=0.8),
    Background("indian_hindu", 22, "AIND", HINDU_MEN, HINDU_WOMEN, HINDU_FAMILY,
               british_given=0.1, takes_husband_name=0.85),
    Background("indian_sikh", 10, "AIND", SIKH_MEN, SIKH_WOMEN, SIKH_FAMILY,
               boys=SIKH_BOYS, girls=SIKH_GIRLS, male_middle="Singh", female_middle="Kaur",
               takes_husband_name=0.7),
    Background("pakistani", 45, "APKN", MUSLIM_SOUTH_ASIAN_MEN, MUSLIM_SOUTH_ASIAN_WOMEN,
               PAKISTANI_FAMILY, women_family=PAKISTANI_WOMEN_FAMILY,
               women_family_share=0.3, takes_husband_name=0.4),
    Background("bangladeshi", 17, "ABAN", BANGLADESHI_MEN, BANGLADESHI_WOMEN,
               BANGLADESHI_FAMILY, women_family=BANGLADESHI_WOMEN_FAMILY,
               women_family_share=0.45, takes_husband_name=0.3),
    Background("sri_lankan_tamil", 3, "AOTH", TAMIL_MEN, TAMIL_WOMEN, TAMIL_FAMILY,
               british_given=0.1, takes_husband_name=0.6),
    Background("nepali", 2, "AOTH", NEPALI_MEN, NEPALI_WOMEN, NEPALI_FAMILY,
               british_given=0.1, takes_husband_name=0.7),
    Background("filipino", 2, "AOTH", FILIPINO_MEN, FILIPINO_WOMEN, FILIPINO_FAMILY,
               british_given=0.4, takes_husband_name=0.8),
    Background("afghan", 2, "AOTH", AFGHAN_MEN, AFGHAN_WOMEN, AFGHAN_FAMILY,
               takes_husband_name=0.3),
    Background("vietnamese", 1, "AOTH", VIETNAMESE_MEN, VIETNAMESE_WOMEN, VIETNAMESE_FAMILY,
               british_given=0.3, takes_husband_name=0.2),
    Background("nigerian", 18, "BAFR", NIGERIAN_MEN, NIGERIAN_WOMEN, NIGERIAN_FAMILY,
               british_given=0.4, takes_husband_name=0.85),
    Background("ghanaian", 9, "BAFR", GHANAIAN_MEN, GHANAIAN_WOMEN, GHANAIAN_FAMILY,
               british_given=0.35, takes_husband_name=0.7),
    Background("zimbabwean", 5, "BAFR", ZIMBABWEAN_MEN, ZIMBABWEAN_WOMEN, ZIMBABWEAN_FAMILY,
               british_given=0.3, takes_husband_name=0.8),
    Background("sierra_leonean", 4, "BAFR", SIERRA_LEONEAN_MEN, SIERRA_LEONEAN_WOMEN,
               SIERRA_LEONEAN_FAMILY, british_given=0.2, takes_husband_name=0.6),
    Background("somali", 8, "BAFR", SOMALI_MEN, SOMALI_WOMEN, SOMALI_MEN,
               patronymic=True, takes_husband_name=0.0),
    Background("black_caribbean", 9, "BCRB", CARIBBEAN_MEN, CARIBBEAN_WOMEN,
               CARIBBEAN_FAMILY, boys=CARIBBEAN_BOYS, girls=CARIBBEAN_GIRLS,
               british_given=0.45, takes_husband_name=0.7),
    Background("chinese", 6, "CHNE", CHINESE_MEN, CHINESE_WOMEN, CHINESE_FAMILY,
               british_given=0.6, takes_husband_name=0.3),
    Background("arab", 8, "OOTH", ARAB_MEN, ARAB_WOMEN, ARAB_FAMILY,
               british_given=0.05, takes_husband_name=0.2),
)

# Short forms people use for themselves (recorded as nicknames).
NICKNAMES: dict[str, tuple[str, ...]] = {
    "Katherine": ("Kate", "Katie", "Kath"), "Catherine": ("Cathy", "Kate"),
    "Robert": ("Bob", "Rob", "Bobby"), "William": ("Will", "Bill", "Billy"),
    "Elizabeth": ("Liz", "Beth", "Lizzie"), "Margaret": ("Maggie", "Peggy"),
    "Thomas": ("Tom", "Tommy"), "James": ("Jim", "Jamie"), "Alexander": ("Alex", "Xander"),
    "Jennifer": ("Jen", "Jenny"), "Rebecca": ("Becky", "Becca"), "Samantha": ("Sam", "Sammy"),
    "Christopher": ("Chris",), "Daniel": ("Dan", "Danny"), "Michael": ("Mike", "Mick"),
    "Matthew": ("Matt",), "Jonathan": ("Jon", "Jonny"), "Nicholas": ("Nick", "Nicky"),
    "Victoria": ("Vicky", "Tori"), "Charlotte": ("Lottie", "Charlie"), "Oliver": ("Ollie",),
    "Abigail": ("Abbie", "Abby"), "Joseph": ("Joe", "Joey"), "Benjamin": ("Ben", "Benji"),
    "Edward": ("Ed", "Eddie", "Ted"), "Anthony": ("Tony", "Ant"), "Stephen": ("Steve",),
    "Steven": ("Steve", "Stevie"), "Richard": ("Rich", "Ricky", "Dick"),
    "Deborah": ("Debbie", "Debs"), "Susan": ("Sue", "Suzy"), "Patricia": ("Trish", "Pat"),
    "Frederick": ("Freddie", "Fred"), "Theodore": ("Teddy", "Theo"),
    "Harriet": ("Hattie",), "Eleanor": ("Ellie", "Nell"), "Isabella": ("Bella", "Izzy"),
    "Penelope": ("Penny",), "Zachary": ("Zac",), "Samuel": ("Sam", "Sammy"),
    "Jacqueline": ("Jackie",), "Gillian": ("Gill",), "Christine": ("Chris", "Tina"),
    "Aleksander": ("Olek",), "Aleksandra": ("Ola",), "Małgorzata": ("Gosia",),
    "Katarzyna": ("Kasia",), "Wojciech": ("Wojtek",), "Magdalena": ("Magda",),
    "Oluwaseun": ("Seun",), "Oluwatobi": ("Tobi",), "Olufemi": ("Femi",),
    "Chukwuemeka": ("Emeka",), "Muhammad": ("Mo",), "Mohammed": ("Mo", "Moe"),
    "Abdullahi": ("Abdi",), "Abdirahman": ("Abdi",), "Alexandru": ("Alex",),
    "Gabriela": ("Gabi",), "Funmilayo": ("Funmi",), "Oluwakemi": ("Kemi",),
    "Temitope": ("Tope", "Temi"), "Folasade": ("Sade",), "Chiamaka": ("Amaka",),
}

# Spellings of the same name that different agencies record.
SPELLING_VARIANTS: tuple[tuple[str, ...], ...] = (
    ("Mohammed", "Muhammad", "Mohammad", "Mohamed", "Muhammed"),
    ("Adjo", "Ajo", "Adjoa"), ("Aisha", "Ayesha", "Aysha"), ("Fatima", "Fatimah"),
    ("Yusuf", "Yousef", "Yusef", "Youssef"), ("Hussain", "Hussein", "Husain"),
    ("Chowdhury", "Choudhury", "Chaudhry"), ("Siobhan", "Shivaun"), ("Niamh", "Neeve"),
    ("Katie", "Katy", "Katey"), ("Zoë", "Zoe"), ("Sean", "Shaun", "Shawn"),
    ("Ahmed", "Ahmad"), ("Rahman", "Rehman"), ("Mensah", "Mensa"), ("Nowak", "Novak"),
    ("Macdonald", "McDonald", "MacDonald"), ("Stephen", "Steven"), ("Philip", "Phillip"),
    ("Leanne", "Lianne"), ("Isabelle", "Isobel", "Isabel"), ("Aaliyah", "Aliyah"),
    ("Jayden", "Jaden", "Jaiden"), ("Khadija", "Khadijah", "Kadija"),
    ("Maryam", "Mariam", "Miriam"), ("Abdirahman", "Abdurahman"),
    ("Faduma", "Fadumo", "Fatuma"), ("Mohamud", "Mahmoud", "Mohamoud"),
    ("Zainab", "Zaynab"), ("Amina", "Aminah"), ("Ibrahim", "Ebrahim"),
    ("Yasmin", "Yasmine", "Jasmin"), ("Okafor", "Okafur"), ("Oluwaseun", "Oluwasean"),
    ("Sinead", "Shinead"), ("Gemma", "Jemma"), ("Zara", "Zahra"), ("Leah", "Lea"),
    ("Tyrese", "Tyreese"), ("Kofi", "Koffi"), ("Begum", "Begam"),
    ("Uddin", "Udin"), ("Khatun", "Khatoon"), ("Ayaan", "Ayan"), ("Rayyan", "Rayan"),
    ("Lewis", "Louis"), ("Jon", "John"), ("Callum", "Calum"), ("Hannah", "Hanna"),
    ("Yılmaz", "Yilmaz"), ("Wiśniewski", "Wisniewski"), ("Wójcik", "Wojcik"),
    ("Łukasz", "Lukasz"), ("Paweł", "Pawel"), ("Michał", "Michal"), ("Ionuț", "Ionut"),
)

// A labelled test set for the de-identification scanner, written before the
// scanner. Every transcript is FICTIONAL: invented people, invented numbers,
// invented places or real towns used only as place names. Identifiers are
// planted with markup ⟦kind:text⟧; ⟦kind!:text⟧ marks a name that is on the
// transcript's known-names list. `parseLabelled` strips the markup and
// returns the text with the gold spans in code points.

export type GoldKind =
  | 'email' | 'phone' | 'url' | 'handle' | 'id' | 'date' | 'address' | 'gps' | 'ip' | 'person' | 'place';

export interface GoldSpan {
  kind: GoldKind;
  start: number;
  end: number;
  text: string;
  known: boolean;
}

export interface LabelledTranscript {
  id: string;
  country: string;
  /** 'en' transcripts count towards the English person-name goal */
  language: 'en' | 'th' | 'km' | 'am' | 'sw' | 'vi' | 'id' | 'tl';
  knownNames: Array<{ kind: 'person' | 'place' | 'school' | 'organisation'; variants: string[] }>;
  marked: string;
}

export function parseLabelled(marked: string): { text: string; gold: GoldSpan[] } {
  const gold: GoldSpan[] = [];
  let text = '';
  let cp = 0;
  const re = /⟦([a-z]+)(!?):([^⟧]+)⟧/g;
  let last = 0;
  for (let m = re.exec(marked); m; m = re.exec(marked)) {
    const before = marked.slice(last, m.index);
    text += before;
    cp += [...before].length;
    const value = m[3]!;
    const len = [...value].length;
    gold.push({ kind: m[1] as GoldKind, start: cp, end: cp + len, text: value, known: m[2] === '!' });
    text += value;
    cp += len;
    last = m.index + m[0].length;
  }
  text += marked.slice(last);
  return { text, gold };
}

export const LABELLED: LabelledTranscript[] = [
  {
    id: 'ke-caregiver',
    country: 'Kenya',
    language: 'en',
    knownNames: [{ kind: 'person', variants: ['Wanjiru Kamau', 'Wanjiru'] }],
    marked: `Interviewer: Thank you for agreeing to talk with us today. Can you tell me a little about your family?

Respondent: Yes. I live with my two children and my mother. My daughter is ⟦person!:Wanjiru⟧, she is fourteen now. Her brother ⟦person:Kiprono⟧ is nine. We stay in ⟦place:Kawangware⟧, near the market.

Interviewer: When did you first learn that something was wrong?

Respondent: It was in March 2021. ⟦person!:Wanjiru⟧ was spending a lot of time on her phone, on WhatsApp and Instagram. A man who called himself ⟦person:Brian Otieno⟧ had been sending her messages. He said he was a photographer in ⟦place:Mombasa⟧. Later we learned his Instagram was ⟦handle:@brian_photos254⟧ and he used a second account, ⟦url:instagram.com/otieno.studio⟧.

Interviewer: How did you find out?

Respondent: Her teacher, Mrs. ⟦person:Achieng⟧, saw her crying at ⟦place:Riruta Satellite Primary School⟧. She called me on ⟦phone:0722 456 789⟧. I went to the school the same day. Then we went to the police station and they gave us an OB number, ⟦id:OB 23/14/03/2021⟧.

Interviewer: What happened at the police station?

Respondent: The officer, Sergeant ⟦person:Mwangi⟧, wrote everything down. He gave me his number, ⟦phone:+254 733 123 456⟧, and said the case would go to the cyber crime unit. They asked for the birth certificate. ⟦person!:Wanjiru⟧ was born on ⟦date:14 June 2007⟧, and her birth certificate number is ⟦id:B/2007/445812⟧. I also gave them my ID number, ⟦id:28754193⟧.

Interviewer: Did anyone else help you?

Respondent: Yes, a counsellor from the helpline, ⟦person:Faith Njeri⟧. She wrote to me from ⟦email:faith.njeri@helpline-example.or.ke⟧. And my neighbour Mama ⟦person:Akinyi⟧ came with me to court. Mostly it was just me. Honestly the police did not call back for months.

Interviewer: Is there anything else you want to say?

Respondent: Only that parents should know. Children are on Facebook and TikTok all day and we do not understand it.`,
  },
  {
    id: 'et-officer',
    country: 'Ethiopia',
    language: 'en',
    knownNames: [{ kind: 'person', variants: ['Abebe Girma', 'አበበ ግርማ', 'Abebe'] }],
    marked: `Interviewer: Please describe your role.

Respondent: I am an investigator in the child protection unit in ⟦place:Bahir Dar⟧. I have worked here since 2016. Before that I was in ⟦place:Gondar⟧.

Interviewer: Can you describe a recent case, without names?

Respondent: We had a boy of twelve. The suspect contacted him through Telegram, using the name ⟦handle:@addis_friend_22⟧. The suspect was ⟦person!:Abebe Girma⟧, a man of about thirty. We traced his phone, ⟦phone:+251 911 234 567⟧, and a second number, ⟦phone:0912 345 678⟧. The file number is ⟦id:BD/CPU/2022/0317⟧.

Interviewer: How did you trace the numbers?

Respondent: We sent a request to the operator. It took six weeks. The boy's father, ⟦person:Tesfaye Bekele⟧, came to the office every week. He lives in ⟦place:Kebele 14⟧ and works at the market. We called him on his landline, ⟦phone:058 220 1234⟧.

Interviewer: Was there digital evidence?

Respondent: Yes. The suspect used an IP address, ⟦ip:196.188.42.17⟧, and he also sent files from a link, ⟦url:https://files.example-share.net/d/8fk29Qa⟧. Our forensic colleague, ⟦person:Selamawit Haile⟧, examined the phone. She found his email, ⟦email:abebe.g1990@examplemail.com⟧.

Interviewer: What happened at court?

Respondent: The hearing was on ⟦date:3 November 2022⟧. The prosecutor, Ato ⟦person:Dawit Alemu⟧, asked for ten years. ⟦person!:Abebe⟧ was convicted. The boy is now in school again.`,
  },
  {
    id: 'mz-social-worker',
    country: 'Mozambique',
    language: 'en',
    knownNames: [{ kind: 'place', variants: ['Bairro Chamanculo', 'Chamanculo'] }],
    marked: `Interviewer: Tell me about the community where you work.

Respondent: I work in ⟦place!:Chamanculo⟧, in ⟦place:Maputo⟧. Many children there use phones from internet cafés. Last year I followed a girl, ⟦person:Luísa Macuácua⟧, who was fifteen.

Interviewer: What happened to her?

Respondent: A man contacted her on Facebook. He gave her money through M-Pesa and asked for pictures. His number was ⟦phone:+258 84 123 4567⟧. Later he used another one, ⟦phone:82 345 6789⟧. Her mother, Dona ⟦person:Graça Sitoe⟧, came to our office at ⟦address:Avenida Eduardo Mondlane 1234⟧.

Interviewer: Did you report it?

Respondent: Yes, to the police and to the Gabinete de Atendimento. The case number is ⟦id:PIC/MPT/0457/2023⟧. The officer, Inspector ⟦person:Armando Cossa⟧, called our office landline, ⟦phone:21 312 345⟧. Also the girl's uncle ⟦person:Fernando⟧ helped a lot. He found the man's profile, ⟦url:www.facebook.com/fernando.mz.photo⟧.

Interviewer: What support did the girl get?

Respondent: Counselling, and she went back to ⟦place:Escola Secundária Josina Machel⟧. Her new school is far from ⟦place!:Bairro Chamanculo⟧, which was good for her.`,
  },
  {
    id: 'na-counsellor',
    country: 'Namibia',
    language: 'en',
    knownNames: [],
    marked: `Interviewer: What does the helpline do?

Respondent: We take calls from children all over Namibia. Most calls come from ⟦place:Katutura⟧ and from the north, from ⟦place:Oshakati⟧. Our line is free. Children can also text.

Interviewer: Can you describe a call that stayed with you?

Respondent: A girl called, ⟦person:Ndapewa⟧, she was thirteen. She said a man in ⟦place:Rundu⟧ was sending her messages. He asked her to meet him at ⟦address:23 Independence Avenue⟧. She gave us his number, ⟦phone:081 234 5678⟧, and another one with the country code, ⟦phone:+264 85 765 4321⟧.

Interviewer: What did you do?

Respondent: I called the social worker in ⟦place:Rundu⟧, Ms. ⟦person:Hilma Shikongo⟧, on ⟦phone:066 255 123⟧. She visited the family. The girl's grandmother, Meme ⟦person:Ndilimeke⟧, did not know anything about it. The man's email was ⟦email:tjikuua.k@examplemail.com⟧ and his ID number was ⟦id:88041200123⟧.

Interviewer: Did the case go to court?

Respondent: Not yet. The police reference is ⟦id:CR 112/08/2023⟧. Sometimes cases wait a long time. We follow up, but honestly we have only four counsellors.`,
  },
  {
    id: 'za-prosecutor',
    country: 'South Africa',
    language: 'en',
    knownNames: [{ kind: 'person', variants: ['Thandiwe Nkosi'] }],
    marked: `Interviewer: How many OCSEA cases reach your office?

Respondent: Maybe twenty a year in this cluster. Most come from ⟦place:Soweto⟧ and ⟦place:Alexandra⟧. The Sexual Offences Court is at ⟦address:12 Pritchard Street⟧.

Interviewer: Can you describe a typical case?

Respondent: One case involved a boy called ⟦person:Sipho⟧. The accused, ⟦person:Johannes van der Merwe⟧, contacted him in an online game and later on WhatsApp from ⟦phone:+27 82 555 1234⟧. His second phone was ⟦phone:072 345 6789⟧. The docket number is ⟦id:CAS 456/07/2022⟧.

Interviewer: Who supported the boy?

Respondent: His mother, ⟦person!:Thandiwe Nkosi⟧, and a court preparation officer, Mr. ⟦person:Lungile Dlamini⟧. ⟦person!:Thandiwe Nkosi⟧ works in ⟦place:Randburg⟧. We phoned her at work on ⟦phone:(011) 234-5678⟧. The accused's ID number was ⟦id:8801235111088⟧.

Interviewer: What evidence was there?

Respondent: Chat logs, and the IP address ⟦ip:41.13.250.7⟧. The cloud account was ⟦email:jvdmerwe.photos@examplemail.co.za⟧. He was born on ⟦date:1988-01-23⟧. The trial started on ⟦date:2 May 2023⟧ and Judge ⟦person:Naidoo⟧ gave him fifteen years.`,
  },
  {
    id: 'tz-officer',
    country: 'Tanzania',
    language: 'en',
    knownNames: [],
    marked: `Interviewer: Please tell me about your unit.

Respondent: I work at the gender and children desk in ⟦place:Kinondoni⟧, ⟦place:Dar es Salaam⟧. We are six officers.

Interviewer: Can you describe a case?

Respondent: A girl from ⟦place:Mbagala⟧, ⟦person:Neema⟧, was blackmailed with pictures. The suspect was ⟦person:Juma Mohamed Salim⟧. He used ⟦phone:0713 456 789⟧ and ⟦phone:+255 754 321 987⟧. He posted on TikTok as ⟦handle:@juma_tz_official⟧.

Interviewer: How did you find him?

Respondent: His national ID was registered with the SIM. The NIDA number was ⟦id:19880412-12345-00001-25⟧. He lived at ⟦address:Plot 45, Kilwa Road⟧. Our commander, ACP ⟦person:Rehema Mwakasege⟧, approved the arrest. The case file is ⟦id:KIN/RB/4521/2022⟧.

Interviewer: How is the girl now?

Respondent: She is with her aunt, Bi ⟦person:Mwanaisha⟧, in ⟦place:Morogoro⟧. The aunt calls me sometimes from ⟦phone:0655 987 321⟧. She is doing well at school.`,
  },
  {
    id: 'ug-frontline',
    country: 'Uganda',
    language: 'en',
    knownNames: [{ kind: 'school', variants: ['Kisenyi Parents Primary School', 'Kisenyi Parents'] }],
    marked: `Interviewer: Where do you work?

Respondent: I am a social worker with an NGO in ⟦place:Kampala⟧, in the ⟦place:Kisenyi⟧ area. Many of our children are out of school.

Interviewer: Can you tell me about a child you supported?

Respondent: There was a boy, ⟦person:Okello⟧, who was fourteen. He was a pupil at ⟦place!:Kisenyi Parents Primary School⟧. A man offered him data bundles and mobile money. The man's number was ⟦phone:0772 123 456⟧, and he also used ⟦phone:+256 701 234 567⟧.

Interviewer: What did you do?

Respondent: We took him to the police at ⟦place:Old Kampala⟧. The officer, Detective ⟦person:Sarah Nakato⟧, opened a file, ⟦id:SD 34/12/05/2023⟧. The boy's mother, ⟦person:Grace Auma⟧, could not read, so I read the statement to her. Her national ID number is ⟦id:CF88012102GHFK⟧.

Interviewer: Were there other agencies?

Respondent: The Uganda Police cyber unit. Their email is ⟦email:cyber.unit@police-example.go.ug⟧. We also used the office line ⟦phone:0414 345 678⟧. ⟦person:Okello⟧ went back to ⟦place!:Kisenyi Parents⟧ after the holidays.`,
  },
  {
    id: 'kh-survivor-en',
    country: 'Cambodia',
    language: 'en',
    knownNames: [{ kind: 'person', variants: ['Sokha', 'សុខា'] }, { kind: 'place', variants: ['Phum Prek Thmei', 'ភូមិព្រែកថ្មី'] }],
    marked: `Interviewer: Thank you for talking with me. You can stop at any time.

Respondent: Okay. I am ⟦person!:Sokha⟧. I am from ⟦place!:Phum Prek Thmei⟧ in ⟦place:Kandal⟧ province. Now I live in ⟦place:Phnom Penh⟧ with my aunt.

Interviewer: How did it start?

Respondent: A man sent me a message on Facebook. He said his name was ⟦person:Dara⟧. He asked for my Telegram. He gave me his number, ⟦phone:012 345 678⟧, and later ⟦phone:+855 96 234 5678⟧. My friend ⟦person:Srey Leak⟧ said he was not a good person.

Interviewer: Who did you tell?

Respondent: First my aunt, ⟦person:Ming Sophal⟧. She took me to an organisation at ⟦address:No. 27, Street 310⟧. The caseworker was Mr. ⟦person:Chan Vuthy⟧. He wrote the case number, ⟦id:PP-2022-0891⟧, on a paper for me.

Interviewer: How are you now?

Respondent: Better. I go to school. My aunt's phone is ⟦phone:092 345 678⟧ if the organisation needs us.`,
  },
  {
    id: 'id-officer',
    country: 'Indonesia',
    language: 'en',
    knownNames: [],
    marked: `Interviewer: Can you describe your work?

Respondent: I am with the cyber crime directorate in ⟦place:Surabaya⟧. We handle cases from all of ⟦place:East Java⟧.

Interviewer: Can you describe a case that you investigated?

Respondent: The victim was a girl from ⟦place:Sidoarjo⟧, ⟦person:Putri Rahayu⟧. The suspect, ⟦person:Agus Setiawan⟧, used Instagram as ⟦handle:@agus.fotografi⟧. He contacted her from ⟦phone:0812-3456-7890⟧ and ⟦phone:+62 813 2233 4455⟧. His NIK was ⟦id:3578041203880007⟧.

Interviewer: How did you identify him?

Respondent: Through the IP address ⟦ip:114.122.37.201⟧ and his email, ⟦email:agus.setiawan88@examplemail.co.id⟧. He lived at ⟦address:Jl. Raya Darmo No. 45⟧. The report number is ⟦id:LP/B/1234/VII/2022/SPKT⟧. Our head of unit, Kompol ⟦person:Bambang Wijaya⟧, coordinated with the office in ⟦place:Jakarta⟧, and they called us from ⟦phone:(021) 5550 1234⟧.

Interviewer: What happened to the girl?

Respondent: She was referred to a shelter. Her mother, Ibu ⟦person:Sri Wahyuni⟧, stayed with her.`,
  },
  {
    id: 'my-counsellor',
    country: 'Malaysia',
    language: 'en',
    knownNames: [],
    marked: `Interviewer: Tell me about your service.

Respondent: We run a counselling centre in ⟦place:Petaling Jaya⟧. Children can call, WhatsApp or email us.

Interviewer: Can you describe a case?

Respondent: A boy, ⟦person:Muhammad Hafiz⟧, aged fifteen, was approached in an online game by someone calling himself ⟦person:Kevin Lim⟧. The man later used ⟦phone:+60 12-345 6789⟧ and ⟦phone:019-876 5432⟧. His MyKad number was ⟦id:880412-14-5523⟧.

Interviewer: Did the family report it?

Respondent: His father, Encik ⟦person:Rahman Ismail⟧, made a police report at ⟦place:Balai Polis Seksyen 6⟧. The report number is ⟦id:PJ/RPT/004512/23⟧. The father lives at ⟦address:18, Jalan SS 2/24⟧. We called the family on the home line, ⟦phone:03-7876 5432⟧.

Interviewer: What about the online accounts?

Respondent: The man used the email ⟦email:kevin.lim.kl@examplemail.com.my⟧ and the link ⟦url:https://t.me/kevinlim_kl⟧. The boy is now seeing our counsellor, Puan ⟦person:Nurul Aina⟧, every week.`,
  },
  {
    id: 'ph-officer',
    country: 'Philippines',
    language: 'en',
    knownNames: [{ kind: 'person', variants: ['Maria Clara Reyes', 'Clara'] }],
    marked: `Interviewer: What kind of cases does your office see?

Respondent: Mostly livestreamed abuse and sextortion. We cover ⟦place:Cebu City⟧ and nearby towns like ⟦place:Lapu-Lapu⟧.

Interviewer: Can you describe one case?

Respondent: A girl, ⟦person!:Clara⟧, was fourteen. The facilitator was a relative, ⟦person:Rodrigo Dela Cruz⟧. He lived in ⟦place:Barangay Pasil⟧. Payments came through remittance. He used ⟦phone:0917 123 4567⟧ and ⟦phone:+63 918 234 5678⟧.

Interviewer: How did the case come to you?

Respondent: A referral from abroad with the IP address ⟦ip:2001:4450:4b1f:12::7⟧ and the GPS location of the house, ⟦gps:10.2937, 123.9021⟧. Our team leader, PLtCol. ⟦person:Ramon Villanueva⟧, led the rescue. The case number is ⟦id:WCPC-2023-0456⟧.

Interviewer: Where is the child now?

Respondent: With a foster family. Her real name is ⟦person!:Maria Clara Reyes⟧ but everybody calls her ⟦person!:Clara⟧. Her grandmother, Lola ⟦person:Remedios⟧, visits. The social worker can be reached at ⟦phone:(02) 8123 4567⟧ or ⟦email:dswd.cebu.example@examplemail.ph⟧. Her PhilSys number is ⟦id:1234-5678-9012-3456⟧.`,
  },
  {
    id: 'th-caregiver-en',
    country: 'Thailand',
    language: 'en',
    knownNames: [{ kind: 'person', variants: ['Somchai Wongsakul', 'สมชาย วงศ์สกุล', 'Somchai', 'สมชาย'] }],
    marked: `Interviewer: Can you tell me what happened to your son?

Respondent: My son ⟦person:Nattapong⟧ is twelve. He played games online. A man called ⟦person!:Somchai⟧ sent him gifts in the game and then asked him for videos. ⟦person!:Somchai⟧ said he lived in ⟦place:Chiang Mai⟧.

Interviewer: How did you find out?

Respondent: My sister, Khun ⟦person:Malee⟧, saw the messages. ⟦person!:Somchai⟧'s LINE ID was ⟦handle:@somchai_game99⟧ and his phone was ⟦phone:089 765 4321⟧, also ⟦phone:+66 81 234 5678⟧. We went to the police station in ⟦place:Hat Yai⟧.

Interviewer: What did the police do?

Respondent: The officer, Pol. Lt. ⟦person:Anan Srisuk⟧, took the report. The case number is ⟦id:HY 0456/2566⟧. They asked for my ID card, number ⟦id:3-9011-00456-78-9⟧, and called the station line ⟦phone:074 123 456⟧. The man's full name was ⟦person!:Somchai Wongsakul⟧. On his documents it was written ⟦person!:สมชาย วงศ์สกุล⟧. He lived at ⟦address:99/12 Soi Ramkhamhaeng 24⟧.

Interviewer: What happened next?

Respondent: He was arrested on ⟦date:12 January 2023⟧. My son now talks to a counsellor at the hospital in ⟦place:Songkhla⟧.`,
  },
  {
    id: 'vn-officer',
    country: 'Viet Nam',
    language: 'en',
    knownNames: [],
    marked: `Interviewer: Can you describe your department?

Respondent: I work in the high-tech crime department in ⟦place:Hà Nội⟧. We receive reports from parents and from schools.

Interviewer: Can you describe a recent case?

Respondent: A girl, ⟦person:Nguyễn Thị Lan⟧, fifteen, met a man on Zalo. He called himself ⟦person:Trần Văn Hùng⟧. He used ⟦phone:0987 654 321⟧ and ⟦phone:+84 912 345 678⟧. He sent her links to ⟦url:http://video-example.vn/xem/abc123⟧.

Interviewer: How did you trace him?

Respondent: He connected from ⟦ip:113.161.54.20⟧. His citizen ID number was ⟦id:001203004567⟧ and he was born on ⟦date:21/11/1995⟧. He lived at ⟦address:Số 15 Phố Hàng Bông⟧. Our captain, ⟦person:Lê Minh Tuấn⟧, signed the order.

Interviewer: And the girl?

Respondent: She lives with her grandmother in ⟦place:Đông Anh⟧. Her mother, ⟦person:Phạm Thị Hoa⟧, works in ⟦place:Hải Phòng⟧ and calls on ⟦phone:0225 3821 234⟧. The file number is ⟦id:HS-2023/0912⟧.`,
  },
  // ---- not English: known names in Thai, Khmer and Ethiopic scripts, plus structured identifiers
  {
    id: 'th-native',
    country: 'Thailand',
    language: 'th',
    knownNames: [{ kind: 'person', variants: ['สมหญิง', 'Somying'] }, { kind: 'place', variants: ['บ้านหนองบัว'] }],
    marked: `ผู้สัมภาษณ์: ช่วยเล่าเรื่องที่เกิดขึ้นได้ไหมคะ

ผู้ให้สัมภาษณ์: ลูกสาวชื่อ⟦person!:สมหญิง⟧ค่ะ อายุสิบสามปี เราอยู่ที่⟦place!:บ้านหนองบัว⟧ มีผู้ชายส่งข้อความมาหา⟦person!:สมหญิง⟧ทางเฟซบุ๊ก เบอร์ของเขาคือ ⟦phone:086 123 4567⟧ ค่ะ

ผู้สัมภาษณ์: แล้วทำอย่างไรต่อคะ

ผู้ให้สัมภาษณ์: เราไปแจ้งความ ตำรวจให้เลขคดี ⟦id:NB 0789/2566⟧ และโทรหาเราที่ ⟦phone:+66 42 123 456⟧ ตอนนี้⟦person!:สมหญิง⟧กลับไปเรียนที่⟦place!:บ้านหนองบัว⟧แล้วค่ะ อีเมลของครูคือ ⟦email:kru.example@school-example.ac.th⟧`,
  },
  {
    id: 'kh-native',
    country: 'Cambodia',
    language: 'km',
    knownNames: [{ kind: 'person', variants: ['ស្រីមុំ', 'Srey Mom'] }, { kind: 'person', variants: ['វណ្ណា'] }],
    marked: `អ្នកសម្ភាសន៍៖ សូមប្រាប់ពីអ្វីដែលបានកើតឡើង។

អ្នកឆ្លើយ៖ កូនស្រីរបស់ខ្ញុំឈ្មោះ⟦person!:ស្រីមុំ⟧។ មានបុរសម្នាក់ឈ្មោះ⟦person!:វណ្ណា⟧ផ្ញើសារតាមតេឡេក្រាម។ លេខទូរស័ព្ទរបស់គាត់គឺ ⟦phone:+855 12 345 678⟧ និង ⟦phone:097 234 5678⟧។ ⟦person!:ស្រីមុំ⟧ខ្លាចណាស់។

អ្នកសម្ភាសន៍៖ តើលោកអ្នកបានរាយការណ៍ទេ?

អ្នកឆ្លើយ៖ បាទ។ ប៉ូលិសបានផ្តល់លេខករណី ⟦id:KPC-2023-0145⟧។ ⟦person!:Srey Mom⟧ ឥឡូវនេះរៀននៅសាលាវិញហើយ។`,
  },
  {
    id: 'et-native',
    country: 'Ethiopia',
    language: 'am',
    knownNames: [{ kind: 'person', variants: ['ሄለን', 'Helen'] }, { kind: 'place', variants: ['ቀበሌ ፲፬', 'ደብረ ብርሃን'] }],
    marked: `ጠያቂ፡ እባክዎ ስለተፈጠረው ነገር ይንገሩኝ።

መላሽ፡ ልጄ ⟦person!:ሄለን⟧ የአስራ ሶስት ዓመት ልጅ ናት። የምንኖረው ⟦place!:ደብረ ብርሃን⟧ ነው። አንድ ሰው በቴሌግራም መልእክት ላከላት። ስልኩ ⟦phone:0911 223 344⟧ ነበር። ሌላውም ⟦phone:+251 922 334 455⟧ ነው።

ጠያቂ፡ ለፖሊስ ሪፖርት አደረጋችሁ?

መላሽ፡ አዎ። የመዝገብ ቁጥሩ ⟦id:DB/0456/2015⟧ ነው። ⟦person!:ሄለን⟧ አሁን ትምህርት ቤት ትሄዳለች። ፖሊሱ ኢሜይል ላከልን ከ ⟦email:police.example@examplemail.et⟧።`,
  },
  {
    id: 'sw-native',
    country: 'Tanzania',
    language: 'sw',
    knownNames: [{ kind: 'person', variants: ['Zawadi Mushi'] }],
    marked: `Mhojaji: Tafadhali nieleze kilichotokea.

Mhojiwa: Binti yangu ⟦person!:Zawadi Mushi⟧ ana miaka kumi na nne. Mtu mmoja alimtumia ujumbe kwenye Instagram. Namba yake ilikuwa ⟦phone:0754 111 222⟧ na nyingine ⟦phone:+255 715 333 444⟧. Tuliripoti polisi na tukapewa namba ya jalada ⟦id:DAR/RB/7788/2023⟧.

Mhojaji: Sasa anaendeleaje?

Mhojiwa: ⟦person!:Zawadi⟧ anaendelea vizuri. Mwalimu wake alituandikia kwa ⟦email:mwalimu.example@examplemail.co.tz⟧.`,
  },
];

/** Text the scanner should find nothing in: numbers, countries, platforms, months and roles that are not identifiers. */
export const CLEAN_TEXT = `Interviewer: How many cases did your unit handle between 2019 and 2022?

Respondent: About 300 cases a year. In 2021 it was 412. Most victims are between 12 and 17 years old, and about 60% are girls. We use Facebook, WhatsApp, Telegram and TikTok to reach parents. The budget was 5,000,000 shillings for the year, and training took 3 days in March.

Interviewer: Do you work with other countries?

Respondent: Yes, with Kenya, Uganda and South Africa, and with INTERPOL and the NCMEC. Our hotline is open from 8:00 to 17:00, Monday to Friday. Grade 7 and Grade 8 pupils get lessons on online safety. The police, the courts and social workers all need more training. Honestly, the internet is new for many parents.`;

// A second labelled set, written after the scanner's first version was tuned
// on labelled.ts, as a check on over-fitting. Same markup and conventions as
// labelled.ts (titles such as "Pastor" stay outside a name; countries are not
// identifying and are not labelled). All people, numbers and addresses are
// invented.
import type { LabelledTranscript } from './labelled.js';

export const HELDOUT: LabelledTranscript[] = [
  {
    id: 'ho-zw-style-caregiver',
    country: 'South Africa',
    language: 'en',
    knownNames: [{ kind: 'person', variants: ['Lerato Mokoena', 'Lerato'] }],
    marked: `Interviewer: You said earlier that your niece lives with you.

Respondent: Yes, ⟦person!:Lerato⟧. She is sixteen. ⟦person:Bongani⟧ is her cousin, they share a room. Before, we were staying in ⟦place:Mamelodi⟧ but now we are here in ⟦place:Soshanguve⟧.

Interviewer: And how did the problem start?

Respondent: There was this guy on Facebook, ⟦person:Tshepo⟧, older than her. ⟦person:Tshepo⟧ promised her a job in ⟦place:Sandton⟧. He phoned her every night from ⟦phone:+27 71 234 5678⟧. When I took the phone I saw he also had another number saved, ⟦phone:083 456 7890⟧.

Interviewer: What did you do then?

Respondent: I went to Pastor ⟦person:Mahlangu⟧ first, because I trust him. He said we must go to the police. At the station Constable ⟦person:Ndlovu⟧ was helpful, she gave me a case number, ⟦id:CAS 88/03/2023⟧. Also ⟦person:Nomsa⟧ from the social development office came to the house on ⟦date:14 March 2023⟧.

Interviewer: How is ⟦person!:Lerato⟧ now?

Respondent: ⟦person!:Lerato Mokoena⟧ is better. She goes to ⟦place:Soshanguve High School⟧ again. Sometimes she still cries at night. Mother's Day was hard for her this year.`,
  },
  {
    id: 'ho-ke-officer',
    country: 'Kenya',
    language: 'en',
    knownNames: [],
    marked: `Interviewer: How long have you been in the unit?

Respondent: Three years. Before that I was at ⟦place:Kilimani⟧ police station. The Child Protection Unit was started in 2019.

Interviewer: Can you describe a case you worked on?

Respondent: Yes. A girl in Form Two, her name was ⟦person:Chebet⟧. ⟦person:Chebet⟧ met a man on Instagram who said he was a model scout. He was using the number ⟦phone:+254712345678⟧ and later ⟦phone:0101 234 567⟧. His Instagram page was ⟦url:https://www.instagram.com/scout_ke_models⟧.

Interviewer: How did you find him?

Respondent: Safaricom gave us the subscriber details. The line was registered to ⟦person:Dennis Kiprotich Rotich⟧, ID ⟦id:31245678⟧. He lived in ⟦place:Kahawa West⟧, ⟦address:House No. 14, Riverside Drive⟧. We arrested him on ⟦date:2 August 2022⟧. ⟦person:Rotich⟧ had pictures of four other girls.

Interviewer: Did the girls testify?

Respondent: Two did. ⟦person:Chebet⟧ and ⟦person:Wairimu⟧. The others' parents refused. The court file is ⟦id:MCSO/E145/2022⟧ at ⟦place:Milimani⟧. I sent the forensic report to ⟦email:dci.cybercrime@police-example.go.ke⟧.`,
  },
  {
    id: 'ho-ph-survivor',
    country: 'Philippines',
    language: 'en',
    knownNames: [{ kind: 'person', variants: ['Jasmine Bautista', 'Jas'] }],
    marked: `Interviewer: Is it okay if I record?

Respondent: Yes po.

Interviewer: Can you tell me about your family?

Respondent: I live with my Tita ⟦person:Marites⟧ and my two little brothers, ⟦person:Paolo⟧ and ⟦person:Migs⟧. My mama works in ⟦place:Dubai⟧. Before we lived in ⟦place:Tondo⟧.

Interviewer: What happened?

Respondent: A foreigner chatted with me on Messenger. He said his name is ⟦person:Mike⟧. He sent money through GCash to my account, ⟦phone:0927 345 6789⟧. My classmate ⟦person!:Jas⟧ also talked to him. Then the NBI came to our house. Agent ⟦person:Dizon⟧ explained everything to my Tita.

Interviewer: Who helped you after?

Respondent: Sister ⟦person:Beth⟧ at the shelter in ⟦place:Quezon City⟧. She gave me her number, ⟦phone:+63 2 8921 3344⟧. And my teacher, Ma'am ⟦person:Cruz⟧. I am in Grade 9 now.`,
  },
  {
    id: 'ho-id-frontline',
    country: 'Indonesia',
    language: 'en',
    knownNames: [{ kind: 'place', variants: ['Desa Sukamaju', 'Sukamaju'] }],
    marked: `Interviewer: Where is your organisation based?

Respondent: In ⟦place:Bandung⟧, but we go to villages like ⟦place!:Sukamaju⟧ every month.

Interviewer: Can you describe a child you supported?

Respondent: ⟦person:Ayu⟧, she was thirteen. Her father Pak ⟦person:Joko⟧ worked in Malaysia... sorry, in ⟦place:Johor Bahru⟧, so she lived with her grandmother. Someone from ⟦place:Jakarta⟧ contacted her on TikTok with the account ⟦handle:@dimas.official99⟧, then moved to WhatsApp on ⟦phone:+62 857-1234-5678⟧.

Interviewer: Was there a report?

Respondent: Yes, at the Polres, report number ⟦id:LP/456/X/2023/Jabar⟧. The investigator, ⟦person:Iptu Rina Marlina⟧, asked for the girl's birth certificate. ⟦person:Ayu⟧ was born on ⟦date:05/06/2010⟧. The family address is ⟦address:Jl. Cibaduyut Raya No. 12⟧, ⟦place!:Desa Sukamaju⟧. The server IP in the logs was ⟦ip:103.28.14.99⟧.`,
  },
  {
    id: 'ho-vn-caregiver',
    country: 'Viet Nam',
    language: 'en',
    knownNames: [],
    marked: `Interviewer: Thank you for meeting me. Can you introduce yourself?

Respondent: I am the mother of ⟦person:Minh Anh⟧. We live in ⟦place:Thủ Đức⟧, near ⟦place:Linh Trung⟧ market.

Interviewer: What happened to your daughter?

Respondent: She played a game and met a boy who called himself ⟦person:Quang⟧. ⟦person:Quang⟧ asked her for photos. He gave a Zalo number ⟦phone:0908 123 456⟧ and a Facebook link ⟦url:fb.com/quang.pro.2008⟧. Her teacher, Ms. ⟦person:Thu⟧... sorry, ⟦person:Nguyễn Thị Thu⟧, told me.

Interviewer: Did you go to the police?

Respondent: Yes, to the ward police. Officer ⟦person:Hoàng⟧ took the report and gave me his phone, ⟦phone:+84 28 3896 1234⟧. My ID card number is ⟦id:079185001234⟧. The boy was twenty-two, born ⟦date:12 October 2001⟧.`,
  },
  {
    id: 'ho-ug-officer',
    country: 'Uganda',
    language: 'en',
    knownNames: [],
    marked: `Interviewer: Please describe your work.

Respondent: I head the cyber desk at ⟦place:Kawempe⟧ division. We are only three, me, Sgt. ⟦person:Ouma⟧ and ⟦person:Florence Atim⟧.

Interviewer: Describe a typical case.

Respondent: ⟦person:Brenda⟧, fifteen, from ⟦place:Mukono⟧. A man called her on ⟦phone:0782 345 678⟧, also on ⟦phone:+256 (0) 752 987 654⟧ hmm, I think it was that one. He used the Facebook name ⟦person:Jonah Mugisha⟧. We traced him to a lodge in ⟦place:Nansana⟧ using location data, ⟦gps:0°21'47"N 32°31'42"E⟧.

Interviewer: What happened in court?

Respondent: The case ⟦id:CRB 1123/2023⟧ is still in ⟦place:Nakawa⟧ court. ⟦person:Mugisha⟧ got bail. ⟦person:Brenda⟧'s mother calls me every week on ⟦phone:0392 123 456⟧. The DPP's email is ⟦email:info@dpp-example.go.ug⟧.`,
  },
  {
    id: 'ho-th-native',
    country: 'Thailand',
    language: 'th',
    knownNames: [{ kind: 'person', variants: ['น้องฟ้า', 'ฟ้า'] }, { kind: 'school', variants: ['โรงเรียนวัดป่าสัก'] }],
    marked: `ผู้สัมภาษณ์: ช่วยเล่าเรื่องลูกหน่อยค่ะ

ผู้ให้สัมภาษณ์: ⟦person!:น้องฟ้า⟧เรียนอยู่ที่⟦place!:โรงเรียนวัดป่าสัก⟧ค่ะ มีคนทักมาทางไลน์ ไอดี ⟦handle:@boss_99th⟧ แล้วโทรมาเบอร์ ⟦phone:081-234-5678⟧ ⟦person!:ฟ้า⟧กลัวมากค่ะ`,
  },
  {
    id: 'ho-km-native',
    country: 'Cambodia',
    language: 'km',
    knownNames: [{ kind: 'person', variants: ['ចាន់ថា'] }, { kind: 'place', variants: ['ភូមិត្រពាំងឈូក'] }],
    marked: `អ្នកឆ្លើយ៖ ខ្ញុំរស់នៅ⟦place!:ភូមិត្រពាំងឈូក⟧។ ក្មួយប្រុសរបស់ខ្ញុំ⟦person!:ចាន់ថា⟧មានអាយុដប់បួនឆ្នាំ។ បុរសនោះទូរស័ព្ទមកពីលេខ ⟦phone:010 987 654⟧។`,
  },
  {
    id: 'ho-am-native',
    country: 'Ethiopia',
    language: 'am',
    knownNames: [{ kind: 'person', variants: ['ብርቱካን'] }],
    marked: `መላሽ፡ የልጄ ስም ⟦person!:ብርቱካን⟧ ነው። ለ⟦person!:ብርቱካን⟧ አንድ ሰው በፌስቡክ መልእክት ላከ። ስልኩ ⟦phone:+251 930 112 233⟧ ነው።`,
  },
];

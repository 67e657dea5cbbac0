# Validates requests_untouched2.jsonl: every line parses, has the five keys, known types only.
# Usage: python3 check_requests.py requests_untouched2.jsonl
import json,collections,sys
T={"PASSWORD","VERIFICATION_CODE","CREDIT_CARD","CARD_CVV","CARD_EXPIRY","CN_RESIDENT_ID","US_SSN","BANK_ACCOUNT"}
ids=set();cnt=collections.Counter();ty=collections.Counter()
for n,l in enumerate(open(sys.argv[1]),1):
    o=json.loads(l)
    assert set(o)=={"id","language","before","text","requested"},n
    assert o["id"] not in ids; ids.add(o["id"])
    assert o["language"] in ("en","zh")
    assert isinstance(o["text"],str) and o["text"]
    assert all(isinstance(x,list) and len(x)==2 and x[0] in("agent","customer","system") and isinstance(x[1],str) for x in o["before"]),n
    assert all(t in T for t in o["requested"]) and len(set(o["requested"]))==len(o["requested"]),n
    cnt[(o["language"],bool(o["requested"]))]+=1
    for t in o["requested"]: ty[(o["language"],t)]+=1
print(len(ids),dict(cnt));print(sorted(ty.items()))

# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Tests of ``tools/boleto.py`` (barcode, digitable line, parsing, ITF bars).

Every bank is checked against published examples, cited case by case:

- bank manuals (the copies kept in the public repository
  eduardokum/laravel-boleto, folder ``manuais/``, were used to read them):
  Banco do Brasil "Especificações Técnicas para Confecção de Boleto de
  Cobrança do Banco do Brasil" (Jan/2016); Santander "Código de Barras -
  Cobrança" v3.1 (Jan/2017); Caixa "Especificações Técnicas para Emissão de
  Boletos - SIGCB" 67.119 v010 (Apr/2020); Bradesco "Especificação de
  boleto" (Aug/2015); Itaú "Cobrança CNAB 400" (Mar/2015); Banrisul "Leiaute
  CNAB 400 posições - agência com 4 dígitos"; Sicredi "Manual CNAB 400"
  (Aug/2019); Sicoob "Layouts para troca de informações" (Feb/2017);
- expected lines of the spec suites of kivanio/brcobranca
  (``spec/brcobranca/boleto/*_spec.rb``) and openboleto/openboleto
  (``tests/Banco/*Test.php``), widely reproduced test vectors;
- for the banks 004, 021, 070, 084, 085, 097, 136, 422 and 745: brcobranca's
  specs again (``banco_nordeste``, ``banestes``, ``banco_brasilia``,
  ``ailos``, ``credisis``, ``unicred``, ``safra`` and ``citibank_spec.rb``)
  and the NUnit cases of BoletoNet/BoletoNetCore (``BoletoNetCore.Testes/``
  ``BancoUniprimeNortePRCarteira09Tests.cs``, ``Bancos/Cecred/...`` and
  ``Bancos/Safra/...``), each slip cited where it is used;
- Banco Inter (077): no worked example was found in an Inter document. Inter
  registers slips through its API and returns the barcode, so the cases are
  real API answers reproduced in public code (renatojdev/bancointer-python,
  ``tests/tests.py``; the ``boleto_parser`` npm package README); they check
  the layout agency + wallet + beneficiary code + nosso número, while the
  nosso número (and its check digit) comes from Inter and is not computed.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.addons.telecobranca.tools import boleto

D = Decimal


def _digits_only(line):
    return line.replace(".", "").replace(" ", "")


# ---------------------------------------------------------------------------
# Published examples: exact barcode and digitable line
# ---------------------------------------------------------------------------

VECTORS = [
    # BB manual (Jan/2016), annex V (p. 14-15) and annex VI: barcode
    # 0019 3 3737 0000000100 05009401448 1606 06809350 31, line DVs 5, 9, 4
    # and general DV 3; nosso número 05009401448-1 from annex XI.
    pytest.param(
        "001",
        {
            "agreement": "0500",
            "nosso_numero": "9401448",
            "agency": "1606",
            "account": "06809350",
            "wallet": "31",
            "due_date": date(2007, 12, 31),  # factor 3737
            "amount": D("1.00"),
        },
        "00193373700000001000500940144816060680935031",
        "00190.50095 40144.816069 06809.350314 3 37370000000100",
        "05009401448-1",
        id="bb-manual-annexV-convenio4",
    ),
    # brcobranca banco_brasil_spec.rb "convenio de 7 digitos e nosso numero
    # de 10".
    pytest.param(
        "001",
        {
            "agreement": "1238798",
            "nosso_numero": "7777700168",
            "agency": "4042",
            "account": "61900",
            "wallet": "18",
            "due_date": date(2008, 2, 3),
            "amount": D("723.56"),
        },
        "00195377100000723560000001238798777770016818",
        "00190.00009 01238.798779 77700.168188 5 37710000072356",
        "12387987777700168",
        id="bb-brcobranca-convenio7",
    ),
    # brcobranca banco_brasil_spec.rb "convenio de 7 digitos ... carteira 17".
    pytest.param(
        "001",
        {
            "agreement": "1474166",
            "nosso_numero": "0000000328",
            "agency": "3174",
            "account": "00011672",
            "wallet": "17",
            "due_date": date(2016, 7, 5),
            "amount": D("2246.74"),
        },
        "00191684600002246740000001474166000000032817",
        "00190.00009 01474.166004 00000.328179 1 68460000224674",
        "14741660000000328",
        id="bb-brcobranca-convenio7-wallet17",
    ),
    # brcobranca banco_brasil_spec.rb "convenio de 6 digitos e nosso numero
    # de 5".
    pytest.param(
        "001",
        {
            "agreement": "123879",
            "nosso_numero": "1234",
            "agency": "4042",
            "account": "61900",
            "wallet": "18",
            "due_date": date(2008, 2, 1),
            "amount": D("135.00"),
        },
        "00192376900000135001238790123440420006190018",
        "00191.23876 90123.440423 00061.900189 2 37690000013500",
        "12387901234-5",
        id="bb-brcobranca-convenio6",
    ),
    # brcobranca banco_brasil_spec.rb "convenio de 6 digitos, nosso numero de
    # 17 e carteira 16" (BB manual annex X: modality 21).
    pytest.param(
        "001",
        {
            "agreement": "123879",
            "nosso_numero": "1234567899",
            "modality": "21",
            "agency": "4042",
            "account": "61900",
            "wallet": "16",
            "due_date": date(2008, 2, 1),
            "amount": D("135.00"),
        },
        "00199376900000135001238790000000123456789921",
        "00191.23876 90000.000126 34567.899215 9 37690000013500",
        "00000001234567899",
        id="bb-brcobranca-convenio6-nn17",
    ),
    # brcobranca banco_brasil_spec.rb "convenio de 4 digitos e nosso numero
    # de 7".
    pytest.param(
        "001",
        {
            "agreement": "1238",
            "nosso_numero": "123456",
            "agency": "4042",
            "account": "61900",
            "wallet": "18",
            "due_date": date(2008, 2, 1),
            "amount": D("135.00"),
        },
        "00191376900000135001238012345640420006190018",
        "00191.23801 12345.640424 00061.900189 1 37690000013500",
        "12380123456-0",
        id="bb-brcobranca-convenio4",
    ),
    # brcobranca banco_brasil_spec.rb "convenio de 8 digitos e nosso número
    # de 9".
    pytest.param(
        "001",
        {
            "agreement": "12387989",
            "nosso_numero": "777700168",
            "agency": "4042",
            "account": "61900",
            "wallet": "18",
            "due_date": date(2008, 2, 1),
            "amount": D("135.00"),
        },
        "00193376900000135000000001238798977770016818",
        "00190.00009 01238.798977 77700.168188 3 37690000013500",
        "12387989777700168",
        id="bb-brcobranca-convenio8",
    ),
    # Santander manual v3.1 (Jan/2017), p. 6-14: factor 2046, 273,71,
    # beneficiary 0282033, nosso número 566612457800-2, wallet 101; "IPTE
    # completo" 033990282.7 0335666124.3 5780020101.4 8 20460000027371.
    pytest.param(
        "033",
        {
            "agreement": "0282033",
            "nosso_numero": "566612457800",
            "wallet": "101",
            "agency": "0001",
            "due_date": date(2003, 5, 15),  # factor 2046
            "amount": D("273.71"),
        },
        "03398204600000273719028203356661245780020101",
        "03399.02827 03356.661243 57800.201014 8 20460000027371",
        "566612457800-2",
        id="santander-manual",
    ),
    # brcobranca santander_spec.rb "Gerar boleto".
    pytest.param(
        "033",
        {
            "agreement": "1899775",
            "nosso_numero": "9000272",
            "wallet": "102",
            "agency": "0059",
            "due_date": date(2012, 9, 8),
            "amount": D("54.00"),
        },
        "03393545000000054009189977500000900027250102",
        "03399.18997 77500.000904 00272.501024 3 54500000005400",
        "000009000272-5",
        id="santander-brcobranca",
    ),
    # openboleto tests/Banco/SantanderTest.php.
    pytest.param(
        "033",
        {
            "agreement": "1234567",
            "nosso_numero": "12345678901",
            "wallet": "102",
            "agency": "1234",
            "due_date": date(2013, 1, 1),
            "amount": D("23.00"),
        },
        "03392556500000023009123456701234567890100102",
        "03399.12347 56701.234561 78901.001020 2 55650000002300",
        "012345678901-0",
        id="santander-openboleto",
    ),
    # Caixa SIGCB manual (Apr/2020), annexes I, III and V: beneficiary
    # 005507-7, nosso número 14/222333777777777, 23/08/2006, 321,12.
    pytest.param(
        "104",
        {
            "agreement": "005507",
            "nosso_numero": "14222333777777777",
            "agency": "1234",
            "due_date": date(2006, 8, 23),  # factor 3242
            "amount": D("321.12"),
        },
        "10494324200000321120055077222133347777777771",
        "10490.05505 77222.133348 77777.777713 4 32420000032112",
        "14222333777777777-2",
        id="caixa-manual",
    ),
    # openboleto tests/Banco/CaixaTest.php, 7-digit beneficiary code.
    pytest.param(
        "104",
        {
            "agreement": "1242119",
            "nosso_numero": "157460299",
            "wallet": "RG",
            "agency": "3454",
            "due_date": date(2024, 11, 4),
            "amount": D("20.00"),
        },
        "10491989000000020001242119000100041574602991",
        "10491.24215 19000.100040 15746.029915 1 98900000002000",
        "14000000157460299-6",
        id="caixa-openboleto-code7",
    ),
    # openboleto tests/Banco/CaixaTest.php, 6-digit code, wallet SR.
    pytest.param(
        "104",
        {
            "agreement": "433756",
            "nosso_numero": "5000000061",
            "wallet": "SR",
            "agency": "0501",
            "due_date": date(2014, 3, 18),
            "amount": D("810.94"),
        },
        "10498600600000810944337565000200540000000610",
        "10494.33756 65000.200546 00000.006106 8 60060000081094",
        "24000005000000061-2",
        id="caixa-openboleto-code6",
    ),
    # brcobranca bradesco_spec.rb "carteira número 06".
    pytest.param(
        "237",
        {
            "agency": "1172",
            "wallet": "06",
            "nosso_numero": "75896452",
            "account": "0403005",
            "due_date": date(2009, 4, 30),
            "amount": D("2952.95"),
        },
        "23795422300002952951172060007589645204030050",
        "23791.17209 60007.589645 52040.300502 5 42230000295295",
        "06/00075896452-5",
        id="bradesco-brcobranca-06",
    ),
    # brcobranca bradesco_spec.rb "carteira número 03".
    pytest.param(
        "237",
        {
            "agency": "4042",
            "wallet": "03",
            "nosso_numero": "777700168",
            "account": "61900",
            "due_date": date(2008, 2, 2),
            "amount": D("135.00"),
        },
        "23791377000000135004042030077770016800619000",
        "23794.04201 30077.770011 68006.190000 1 37700000013500",
        "03/00777700168-5",
        id="bradesco-brcobranca-03",
    ),
    # Itaú CNAB 400 manual (Mar/2015), annexes 2 and 3 (p. 55-56): 110 /
    # 12345678-8, 0057 / 12345-7, 01/05/2002, 123,45.
    pytest.param(
        "341",
        {
            "agency": "0057",
            "account": "12345",
            "wallet": "110",
            "nosso_numero": "12345678",
            "due_date": date(2002, 5, 1),
            "amount": D("123.45"),
        },
        "34196166700000123451101234567880057123457000",
        "34191.10121 34567.880058 71234.570001 6 16670000012345",
        "110/12345678-8",
        id="itau-manual",
    ),
    # brcobranca itau_spec.rb "Gerar boleto", wallet 109, due in 2029 (new
    # factor cycle: factor 2548).
    pytest.param(
        "341",
        {
            "agency": "1248",
            "account": "02124",
            "wallet": "109",
            "nosso_numero": "00010152",
            "due_date": date(2029, 5, 20),
            "amount": D("6757.87"),
        },
        "34194254800006757871090001015271248021246000",
        "34191.09008 01015.271248 80212.460002 4 25480000675787",
        "109/00010152-7",
        id="itau-brcobranca-109-new-cycle",
    ),
    # brcobranca itau_spec.rb "Gerar boleto", wallet 196 (Itaú manual annex
    # 5: nosso número + seu número + client code).
    pytest.param(
        "341",
        {
            "agency": "0810",
            "account": "53678",
            "wallet": "196",
            "nosso_numero": "258281",
            "document_number": "1234567",
            "agreement": "12345",
            "due_date": date(2004, 9, 5),
            "amount": D("135.00"),
        },
        "34191252500000135001960025828112345671234550",
        "34191.96005 25828.112349 56712.345505 1 25250000013500",
        "196/00258281-3",
        id="itau-brcobranca-196",
    ),
    # Banrisul CNAB 400 manual, items 6.1 and 7: agency 1102, code 900015.0,
    # nosso número 22832563.51, 04/07/2000, 550,00.
    pytest.param(
        "041",
        {
            "agency": "1102",
            "agreement": "9000150",
            "nosso_numero": "22832563",
            "due_date": date(2000, 7, 4),
            "amount": D("550.00"),
        },
        "04198100100000550002111029000150228325634059",
        "04192.11107 29000.150226 83256.340593 8 10010000055000",
        "22832563.51",
        id="banrisul-manual",
    ),
    # brcobranca banrisul_spec.rb "Montar codigo de barras" (nosso número
    # 00009194, whose NC needs the "remainder 1" adjustment: 38).
    pytest.param(
        "041",
        {
            "agency": "1102",
            "agreement": "9000150",
            "nosso_numero": "00009194",
            "due_date": date(2000, 7, 4),
            "amount": D("550.00"),
        },
        "04198100100000550002111029000150000091944023",
        "04192.11107 29000.150002 00919.440230 8 10010000055000",
        "00009194.38",
        id="banrisul-brcobranca-adjusted-nc",
    ),
    # brcobranca banrisul_spec.rb, 2017 example.
    pytest.param(
        "041",
        {
            "agency": "0016",
            "agreement": "0164640",
            "nosso_numero": "03408099",
            "due_date": date(2017, 1, 12),
            "amount": D("1216.00"),
        },
        "04192703700001216002100160164640034080994027",
        "04192.10018 60164.640033 40809.940279 2 70370000121600",
        "03408099.47",
        id="banrisul-brcobranca-2017",
    ),
    # brcobranca sicredi_spec.rb "carteira número 1 / case 1".
    pytest.param(
        "748",
        {
            "agency": "0710",
            "post": "65",
            "agreement": "129",
            "nosso_numero": "8879",
            "byte_idt": "2",
            "wallet": "1",
            "issue_date": date(2016, 8, 22),
            "due_date": date(2016, 8, 22),
            "amount": D("195.57"),
        },
        "74891689400000195571116208879307106500129101",
        "74891.11620 08879.307109 65001.291015 1 68940000019557",
        "16/208879-3",
        id="sicredi-brcobranca-1",
    ),
    # brcobranca sicredi_spec.rb "carteira número 3".
    pytest.param(
        "748",
        {
            "agency": "0710",
            "post": "65",
            "agreement": "129",
            "nosso_numero": "8879",
            "wallet": "3",
            "issue_date": date(2016, 8, 22),
            "due_date": date(2016, 8, 22),
            "amount": D("195.57"),
        },
        "74891689400000195573116208879307106500129105",
        "74893.11626 08879.307109 65001.291056 1 68940000019557",
        "16/208879-3",
        id="sicredi-brcobranca-3",
    ),
    # brcobranca sicredi_spec.rb "carteira número 1 / case 6".
    pytest.param(
        "748",
        {
            "agency": "0710",
            "post": "65",
            "agreement": "129",
            "nosso_numero": "9048",
            "issue_date": date(2016, 8, 22),
            "due_date": date(2016, 8, 26),
            "amount": D("222.00"),
        },
        "74898689800000222001116209048807106500129103",
        "74891.11620 09048.807102 65001.291031 8 68980000022200",
        "16/209048-8",
        id="sicredi-brcobranca-case6",
    ),
    # brcobranca sicoob_spec.rb "modalidade 01".
    pytest.param(
        "756",
        {
            "agency": "4327",
            "agreement": "229385",
            "nosso_numero": "2",
            "due_date": date(2016, 2, 18),
            "amount": D("50.00"),
        },
        "75692670800000050001432701022938500000024001",
        "75691.43279 01022.938508 00000.240010 2 67080000005000",
        "0000002-4",
        id="sicoob-brcobranca-01",
    ),
    # brcobranca sicoob_spec.rb "modalidade 05".
    pytest.param(
        "756",
        {
            "agency": "4134",
            "agreement": "148180",
            "nosso_numero": "110",
            "modality": "05",
            "due_date": date(2017, 4, 15),
            "amount": D("235.00"),
        },
        "75694713000000235001413405014818000001104001",
        "75691.41349 05014.818008 00011.040011 4 71300000023500",
        "0000110-4",
        id="sicoob-brcobranca-05",
    ),
    # openboleto tests/Banco/SicoobTest.php.
    pytest.param(
        "756",
        {
            "agency": "3069",
            "agreement": "153850",
            "nosso_numero": "203210",
            "modality": "01",
            "due_date": date(2018, 5, 25),
            "amount": D("1575.75"),
        },
        "75699753500001575751306901015385002032101001",
        "75691.30698 01015.385006 20321.010017 9 75350000157575",
        "0203210-1",
        id="sicoob-openboleto",
    ),
    # Inter API answer in renatojdev/bancointer-python tests/tests.py
    # (barcode factor 8722 = 24/08/2021, R$ 9,00).
    pytest.param(
        "077",
        {
            "agreement": "0510113",
            "nosso_numero": "00713491373",
            "due_date": date(2021, 8, 24),
            "amount": D("9.00"),
        },
        "07798872200000009000001112051011300713491373",
        "07790.00116 12051.011307 07134.913735 8 87220000000900",
        "00713491373",
        id="inter-api-answer",
    ),
    # Inter line decoded in the README of the npm package boleto_parser
    # (31/05/2022, R$ 151,30, emitter 0001/0644499).
    pytest.param(
        "077",
        {
            "agreement": "0644499",
            "nosso_numero": "00815936556",
            "due_date": date(2022, 5, 31),
            "amount": D("151.30"),
        },
        "07797900200000151300001112064449900815936556",
        "07790.00116 12064.449908 08159.365561 7 90020000015130",
        "00815936556",
        id="inter-boleto-parser",
    ),
    # --- Banks 004, 021, 070, 084, 085, 097, 136, 422, 745 ---------------
    # Banco do Nordeste "Especificação do Código de Barras - Cobrança
    # Bancária" (Jul/2011, copy in eduardokum/laravel-boleto manuais/BNB/),
    # items 3.2 and 3.3: agency 0016, account 0001193-2, nosso número
    # 0000053-1, wallet 21, 21/10/2009, R$ 1.000,00; the same slip and three
    # more in kivanio/brcobranca spec/brcobranca/boleto/banco_nordeste_spec.rb
    # "Gerar boleto".
    pytest.param(
        "004",
        {
            "agency": "0016",
            "account": "0001193",
            "account_digit": "2",
            "nosso_numero": "0000053",
            "due_date": date(2009, 10, 21),
            "amount": D("1000.00"),
        },
        "00491439700001000000016000119320000053121000",
        "00490.01605 00119.320000 00531.210003 1 43970000100000",
        "0000053-1",
        id="bnb-brcobranca-1",
    ),
    pytest.param(
        "004",
        {
            "agency": "0016",
            "account": "0001193",
            "account_digit": "2",
            "nosso_numero": "0002720",
            "due_date": date(2012, 9, 8),
            "amount": D("54.00"),
        },
        "00497545000000054000016000119320002720021000",
        "00490.01605 00119.320000 27200.210006 7 54500000005400",
        "0002720-0",
        id="bnb-brcobranca-2",
    ),
    pytest.param(
        "004",
        {
            "agency": "0259",
            "account": "0008549",
            "account_digit": "3",
            "nosso_numero": "0000001",
            "due_date": date(2017, 1, 17),
            "amount": D("1.01"),
        },
        "00492704200000001010259000854930000001921000",
        "00490.25901 00854.930005 00019.210004 2 70420000000101",
        "0000001-9",
        id="bnb-brcobranca-3",
    ),
    pytest.param(
        "004",
        {
            "agency": "0275",
            "account": "0000253",
            "account_digit": "5",
            "nosso_numero": "0000005",
            "due_date": date(2016, 7, 28),
            "amount": D("2807.75"),
        },
        "00491686900002807750275000025350000005121000",
        "00490.27501 00025.350000 00051.210003 1 68690000280775",
        "0000005-1",
        id="bnb-brcobranca-4",
    ),
    # brcobranca banestes_spec.rb "Montar codio de barras" (collection type
    # 4, registered): the spec gives the barcodes; the lines here are their
    # digitable lines (the same digits, rearranged with their DVs).
    pytest.param(
        "021",
        {
            "agency": "274",
            "account": "2720129",
            "account_digit": "2",
            "wallet": "11",
            "wallet_variation": "4",
            "nosso_numero": "00000032",
            "due_date": date(2016, 12, 26),
            "amount": D("80.00"),
        },
        "02191702000000080000000003200027201292402179",
        "02190.00007 03200.027203 12924.021798 1 70200000008000",
        "00000032-98",
        id="banestes-brcobranca-1",
    ),
    pytest.param(
        "021",
        {
            "agency": "274",
            "account": "2720129",
            "account_digit": "2",
            "wallet": "11",
            "wallet_variation": "4",
            "nosso_numero": "00000033",
            "due_date": date(2016, 12, 16),
            "amount": D("99.99"),
        },
        "02199701000000099990000003300027201292402165",
        "02190.00007 03300.027202 12924.021657 9 70100000009999",
        "00000033-79",
        id="banestes-brcobranca-2",
    ),
    # brcobranca banco_brasilia_spec.rb "Gerar o código de barras", first
    # slip (modality 2, registered).
    pytest.param(
        "070",
        {
            "agency": "082",
            "account": "0000528",
            "nosso_numero": "000001",
            "due_date": date(2015, 4, 30),
            "amount": D("10.00"),
        },
        "07099641400000010000000820000528200000107013",
        "07090.00087 20000.528206 00001.070135 9 64140000001000",
        "200000107013",
        id="brb-brcobranca",
    ),
    # BoletoNet/BoletoNetCore BoletoNetCore.Testes/
    # BancoUniprimeNortePRCarteira09Tests.cs, first and last test cases
    # (agency 0012, account 47744, wallet 09; the last one has the digit P).
    pytest.param(
        "084",
        {
            "agency": "0012",
            "account": "47744",
            "wallet": "09",
            "nosso_numero": "10035",
            "due_date": date(2023, 9, 25),
            "amount": D("712.40"),
        },
        "08497948400000712400012090000001003500477440",
        "08490.01201 90000.001009 35004.774408 7 94840000071240",
        "09/00000010035-0",
        id="uniprime-boletonet-1",
    ),
    pytest.param(
        "084",
        {
            "agency": "0012",
            "account": "47744",
            "wallet": "9",  # zero-padded or not, the same wallet
            "nosso_numero": "10027",
            "due_date": date(2023, 1, 25),
            "amount": D("712.40"),
        },
        "08494924100000712400012090000001002700477440",
        "08490.01201 90000.001009 27004.774405 4 92410000071240",
        "09/00000010027-P",
        id="uniprime-boletonet-P",
    ),
    # brcobranca ailos_spec.rb "Montar código de barras", both slips.
    pytest.param(
        "085",
        {
            "agency": "0101",
            "account": "1111111",
            "agreement": "000000",
            "nosso_numero": "000000001",
            "due_date": date(2015, 5, 25),
            "amount": D("1.00"),
        },
        "08593643900000001000000001111111900000000101",
        "08590.00002 01111.111900 00000.001016 3 64390000000100",
        "11111119000000001",
        id="ailos-brcobranca-1",
    ),
    pytest.param(
        "085",
        {
            "agency": "0101",
            "account": "356156",
            "agreement": "234",
            "nosso_numero": "1",
            "due_date": date(2015, 5, 25),
            "amount": D("1.00"),
        },
        "08593643900000001000002340356156900000000101",
        "08590.00234 40356.156907 00000.001016 3 64390000000100",
        "03561569000000001",
        id="ailos-brcobranca-2",
    ),
    # BoletoNetCore BoletoNetCore.Testes/Bancos/Cecred/Carteiras/
    # BancoCecredCarteira1Tests.cs, first test case (account 231560-2).
    pytest.param(
        "085",
        {
            "agency": "0101",
            "account": "231560",
            "account_digit": "2",
            "agreement": "101104",
            "wallet": "1",
            "nosso_numero": "74644",
            "due_date": date(2021, 9, 28),
            "amount": D("80.21"),
        },
        "08591875700000080211011040231560200007464401",
        "08591.01107 40231.560208 00074.644014 1 87570000008021",
        "02315602000074644",
        id="ailos-boletonet",
    ),
    # brcobranca credisis_spec.rb "Montar código de barras", both slips
    # (beneficiary CPF 123.456.789-12).
    pytest.param(
        "097",
        {
            "agency": "0001",
            "account": "0000002",
            "agreement": "100000",
            "nosso_numero": "000095",
            "beneficiary_document": "12345678912",
            "due_date": date(2008, 2, 1),
            "amount": D("135.00"),
        },
        "09791376900000135000000009750001100000000095",
        "09790.00007 09750.001100 00000.000950 1 37690000013500",
        "09750001100000000095",
        id="credisis-brcobranca-1",
    ),
    pytest.param(
        "097",
        {
            "agency": "0001",
            "account": "0000002",
            "agreement": "6641",
            "nosso_numero": "000095",
            "beneficiary_document": "12345678912",
            "due_date": date(2008, 2, 1),
            "amount": D("135.00"),
        },
        "09797376900000135000000009750001006641000095",
        "09790.00007 09750.001001 66410.000955 7 37690000013500",
        "09750001006641000095",
        id="credisis-brcobranca-2",
    ),
    # brcobranca unicred_spec.rb "Montar código de barras para carteira
    # número 21": the spec gives the line (and the free field); the barcode
    # here is the one of that line.
    pytest.param(
        "136",
        {
            "agency": "1234",
            "account": "12345",
            "account_digit": "7",
            "wallet": "21",
            "nosso_numero": "13871",
            "due_date": date(2012, 1, 24),
            "amount": D("2952.95"),
        },
        "13691522200002952951234000012345700000138711",
        "13691.23409 00012.345708 00001.387117 1 52220000295295",
        "0000013871-1",
        id="unicred-brcobranca",
    ),
    # brcobranca safra_spec.rb "Montar código de barras", both slips (the
    # first in the new due factor cycle: 23/02/2025 is factor 1001).
    pytest.param(
        "422",
        {
            "agency": "0040",
            "agency_digit": "0",
            "account": "00027824",
            "account_digit": "7",
            "nosso_numero": "26173001",
            "due_date": date(2025, 2, 23),
            "amount": D("180.84"),
        },
        "42296100100000180847004000002782472617300112",
        "42297.00408 00002.782472 26173.001129 6 10010000018084",
        "26173001-1",
        id="safra-brcobranca-new-cycle",
    ),
    pytest.param(
        "422",
        {
            "agency": "1150",
            "agency_digit": "0",
            "account": "00627672",
            "account_digit": "9",
            "nosso_numero": "50153004",
            "due_date": date(2016, 3, 30),
            "amount": D("5543.05"),
        },
        "42291674900005543057115000062767295015300452",
        "42297.11504 00062.767298 50153.004523 1 67490000554305",
        "50153004-5",
        id="safra-brcobranca-2016",
    ),
    # BoletoNetCore BoletoNetCore.Testes/Bancos/Safra/Carteiras/
    # BancoSafraCarteira1Tests.cs, first test case.
    pytest.param(
        "422",
        {
            "agency": "1234",
            "agency_digit": "5",
            "account": "123456",
            "account_digit": "7",
            "nosso_numero": "453",
            "due_date": date(2016, 9, 1),
            "amount": D("141.50"),
        },
        "42291690400000141507123450012345670000045372",
        "42297.12346 50012.345679 00000.453720 1 69040000014150",
        "00000453-7",
        id="safra-boletonet",
    ),
    # brcobranca citibank_spec.rb "Montar código de barras", its three
    # slips (portfolios 621 and 611).
    pytest.param(
        "745",
        {
            "agency": "0093",
            "agreement": "0305080446",
            "wallet": "621",
            "nosso_numero": "00000000002",
            "due_date": date(2012, 9, 10),
            "amount": D("9.99"),
        },
        "74595545200000009993621305080446000000000027",
        "74593.62138 05080.446007 00000.000273 5 54520000000999",
        "00000000002.7",
        id="citibank-brcobranca-1",
    ),
    pytest.param(
        "745",
        {
            "agency": "0121",
            "agreement": "0264424020",
            "wallet": "611",
            "nosso_numero": "00000000159",
            "due_date": date(2013, 9, 27),
            "amount": D("2.00"),
        },
        "74591583400000002003611264424020000000001597",
        "74593.61122 64424.020002 00000.015974 1 58340000000200",
        "00000000159.7",
        id="citibank-brcobranca-2",
    ),
    pytest.param(
        "745",
        {
            "agency": "0121",
            "agreement": "0264424020",
            "wallet": "611",
            "nosso_numero": "00000000200",
            "due_date": date(2013, 11, 20),
            "amount": D("774.30"),
        },
        "74597588800000774303611264424020000000002003",
        "74593.61122 64424.020002 00000.020032 7 58880000077430",
        "00000000200.3",
        id="citibank-brcobranca-3",
    ),
]


@pytest.mark.parametrize(("bank", "kwargs", "barcode", "line", "nosso_numero"), VECTORS)
def test_published_example(bank, kwargs, barcode, line, nosso_numero):
    slip = boleto.compute(bank, **kwargs)
    assert slip.barcode == barcode
    assert slip.digitable_line_formatted == line
    assert slip.digitable_line == _digits_only(line)
    assert slip.free_field == barcode[19:]
    assert slip.nosso_numero == nosso_numero
    assert slip.due_date == kwargs["due_date"]
    assert slip.amount == kwargs["amount"]

    parsed = boleto.parse_digitable_line(line, reference=kwargs["due_date"])
    assert parsed.barcode == barcode
    assert parsed.bank_code == bank
    assert parsed.currency == "9"
    assert parsed.amount == kwargs["amount"]
    assert parsed.due_date == kwargs["due_date"]
    assert parsed.free_field == slip.free_field
    assert boleto.parse_barcode(barcode, reference=kwargs["due_date"]) == parsed


# ---------------------------------------------------------------------------
# Check digits and printed fields from the manuals
# ---------------------------------------------------------------------------


def test_bb_nosso_numero_and_agency_digits():
    # BB manual annex XI: nosso número 05009401448-1.
    assert boleto.modulo11("05009401448", results=boleto.BB_RESULTS) == "1"
    # brcobranca banco_brasil_spec.rb "Montar agencia_conta_boleto".
    slip = boleto.compute(
        "001",
        agreement="1238798",
        nosso_numero="1",
        agency="0548",
        account="1448",
        wallet="18",
        due_date=date(2024, 1, 10),
        amount=D("10"),
    )
    assert slip.agency_account == "0548-7 / 00001448-6"
    assert slip.bank_code_formatted == "001-9"


def test_bb_nosso_numero_may_include_the_agreement():
    kwargs = {
        "agreement": "1238798",
        "agency": "4042",
        "account": "61900",
        "wallet": "18",
        "due_date": date(2008, 2, 3),
        "amount": D("135"),
    }
    short = boleto.compute("001", nosso_numero="7777700168", **kwargs)
    full = boleto.compute("001", nosso_numero="12387987777700168", **kwargs)
    assert short == full


def test_santander_nosso_numero_digits():
    # Santander manual p. 14 (566612457800-2) and brcobranca santander_spec.rb.
    for number, digit in (("566612457800", "2"), ("90002720", "7"), ("1961005", "0")):
        assert boleto.modulo11(number.zfill(12), results=boleto.ZERO_ABOVE_9) == digit


def test_caixa_digits_and_printed_fields():
    # Caixa manual annex IV: 14/000000000000019 -> 7; annex VI: 005507 -> 7.
    assert boleto.modulo11("14000000000000019", results=boleto.ZERO_ABOVE_9) == "7"
    assert boleto.modulo11("005507", results=boleto.ZERO_ABOVE_9) == "7"
    slip = boleto.compute(
        "104",
        agreement="005507",
        nosso_numero="19",
        agency="1234",
        due_date=date(2024, 1, 10),
        amount=D("1"),
    )
    assert slip.nosso_numero == "14000000000000019-7"
    assert slip.agency_account == "1234 / 0005507-7"
    assert slip.bank_code_formatted == "104-0"


@pytest.mark.parametrize(
    ("wallet", "number", "printed"),
    [
        # Bradesco manual (Aug/2015), "Nosso Número", p. 17-18.
        ("19", "2", "19/00000000002-8"),
        ("19", "1", "19/00000000001-P"),
        ("19", "6", "19/00000000006-0"),
        # brcobranca bradesco_spec.rb "Montar nosso_numero_boleto".
        ("06", "525", "06/00000000525-P"),
        ("09", "1", "09/00000000001-1"),
    ],
)
def test_bradesco_nosso_numero(wallet, number, printed):
    slip = boleto.compute(
        "237",
        agency="4042",
        account="61900",
        wallet=wallet,
        nosso_numero=number,
        due_date=date(2024, 1, 10),
        amount=D("1"),
    )
    assert slip.nosso_numero == printed
    # brcobranca bradesco_spec.rb "Montar agencia_conta_boleto".
    assert slip.agency_account == "4042-8 / 0061900-0"


@pytest.mark.parametrize(
    ("number", "digit"),
    # brcobranca bradesco_spec.rb "#agencia_dv" and "#conta_corrente_dv".
    [
        ("0255", "0"),
        ("1467", "2"),
        ("0121", "P"),
        ("0325620", "0"),
        ("0010673", "9"),
        ("0019669", "P"),
        ("0301357", "P"),
    ],
)
def test_bradesco_agency_and_account_digits(number, digit):
    assert boleto.modulo11(number, results=boleto.BRADESCO_RESULTS) == digit


def test_itau_printed_fields():
    # Itaú manual "nota 23": agency 0057, account 72192, wallet 198, nosso
    # número 98712345 -> "198/98712345-1".
    slip = boleto.compute(
        "341",
        agency="0057",
        account="72192",
        wallet="198",
        nosso_numero="98712345",
        document_number="1108954",
        agreement="12345",
        due_date=date(2024, 1, 10),
        amount=D("1"),
    )
    assert slip.nosso_numero == "198/98712345-1"
    # brcobranca itau_spec.rb "Montar agencia_conta_corrente_dv".
    slip = boleto.compute(
        "341",
        agency="1547",
        account="85547",
        wallet="109",
        nosso_numero="1",
        due_date=date(2024, 1, 10),
        amount=D("1"),
    )
    assert slip.agency_account == "1547/85547-6"
    assert slip.bank_code_formatted == "341-7"


def test_itau_short_dac_wallets_use_wallet_and_number_only():
    # Itaú manual annex 4: wallets 126, 131, 146, 150 and 168.
    kwargs = {"agency": "0057", "account": "12345", "nosso_numero": "12345678"}
    kwargs.update(due_date=date(2024, 1, 10), amount=D("1"))
    slip = boleto.compute("341", wallet="168", **kwargs)
    assert slip.nosso_numero == f"168/12345678-{boleto.modulo10('16812345678')}"
    assert slip.free_field[11] == boleto.modulo10("16812345678")


def test_sicredi_manual_free_field_and_nosso_numero():
    # Sicredi manual (Aug/2019) items 5.4 and 10.7.2: cooperative 0165, post
    # 02, beneficiary 00623, nosso número 07/200003-1, free field DV 8.
    slip = boleto.compute(
        "748",
        agency="0165",
        post="02",
        agreement="00623",
        nosso_numero="07200003",
        due_date=date(2024, 1, 10),
        amount=D("10.00"),
    )
    assert slip.free_field == "1107200003101650200623108"
    assert slip.nosso_numero == "07/200003-1"
    assert slip.agency_account == "0165.02.00623"
    assert slip.bank_code_formatted == "748-X"


def test_sicredi_year_comes_from_the_issue_date():
    kwargs = {"agency": "0165", "post": "02", "agreement": "00623", "nosso_numero": "3"}
    kwargs.update(due_date=date(2024, 1, 10), amount=D("10.00"))
    slip = boleto.compute("748", issue_date=date(2007, 8, 26), **kwargs)
    assert slip.nosso_numero == "07/200003-1"
    today = boleto.compute("748", **kwargs)
    assert today.nosso_numero.startswith(f"{date.today():%y}/2")


def test_sicoob_nosso_numero_digit():
    # Sicoob layouts (Feb/2017), item 3.13: cooperative 0001, client 1-9,
    # nosso número 21 -> 21-8.
    assert boleto.sicoob_check_digit("0001", "19", "21") == "8"
    # brcobranca sicoob_spec.rb "Montar nosso numero dv" (1 to 13).
    digits = [boleto.sicoob_check_digit("4327", "229385", str(n)) for n in range(1, 14)]
    assert "".join(digits) == "7419630853085"
    slip = boleto.compute(
        "756",
        agency="0001",
        agreement="19",
        nosso_numero="21",
        due_date=date(2024, 1, 10),
        amount=D("1"),
    )
    assert slip.nosso_numero == "0000021-8"
    assert slip.agency_account == "0001 / 0000019"


def test_banrisul_double_digit():
    # Banrisul manual item 4.1: 00009274 -> 22, 00009194 -> 38 (adjusted);
    # item 5.2: free field 21110290001502283256340 -> 59.
    assert boleto.banrisul_double_digit("00009274") == "22"
    assert boleto.banrisul_double_digit("00009194") == "38"
    assert boleto.banrisul_double_digit("21110290001502283256340") == "59"
    slip = boleto.compute(
        "041",
        agency="1102",
        agency_digit="48",
        agreement="9000150",
        agreement_digit="46",
        nosso_numero="22832563",
        due_date=date(2024, 1, 10),
        amount=D("1"),
    )
    # Printed as in the manual: "Agência: 1102.48", "Cód. Cedente:
    # 900015.0.46".
    assert slip.agency_account == "1102.48 / 900015.0.46"


def test_bradesco_manual_line_without_amount():
    # Bradesco manual (Aug/2015), "Montagem dos Dados para Composição da Linha
    # Digitável": a line with factor 1001 and no amount.
    parsed = boleto.parse_digitable_line(
        "23790.03102 40031.772003 28009.527905 7 10010000000000",
        reference=date(2000, 7, 1),
    )
    assert parsed.bank_code == "237"
    assert parsed.amount is None
    assert parsed.due_factor == 1001
    assert parsed.due_date == date(2000, 7, 4)
    assert parsed.free_field == "0031040031772002800952790"


def test_parse_without_due_factor():
    barcode = boleto.assemble_barcode("341", "9", 0, "0000012345", "1" * 25)
    parsed = boleto.parse_barcode(barcode)
    assert parsed.due_date is None
    assert parsed.due_factor == 0
    assert parsed.amount == D("123.45")


def test_parse_accepts_a_barcode_and_unformatted_line():
    line = "03399.02827 03356.661243 57800.201014 8 20460000027371"
    ref = date(2003, 1, 1)
    by_line = boleto.parse_digitable_line(_digits_only(line), reference=ref)
    barcode = "03398204600000273719028203356661245780020101"
    assert boleto.parse_digitable_line(barcode, reference=ref) == by_line
    assert by_line.digitable_line == _digits_only(line)


# ---------------------------------------------------------------------------
# Due factor
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "factor"),
    [
        (date(2000, 7, 3), 1000),
        (date(2000, 7, 4), 1001),
        (date(2000, 7, 5), 1002),
        (date(2002, 5, 1), 1667),
        (date(2010, 11, 17), 4789),
        (date(2025, 2, 21), 9999),
        (date(2025, 2, 22), 1000),
        (date(2025, 2, 23), 1001),
        (date(2025, 2, 24), 1002),
        (date(2049, 10, 13), 9999),
    ],
)
def test_due_factor(day, factor):
    # Tables of the BB manual annex IV and the Sicredi manual item 10.7.5.
    assert boleto.due_factor(day) == factor
    assert boleto.date_from_factor(factor, reference=day) == day


def test_due_factor_base_dates():
    assert date(1997, 10, 7) == boleto.FACTOR_BASE_DATE
    assert boleto.FACTOR_BASE_DATE + timedelta(days=1000) == date(2000, 7, 3)
    # The new cycle counts from 29/05/2022: 22/02/2025 is 1000 days later.
    assert date(2022, 5, 29) + timedelta(days=1000) == boleto.NEW_CYCLE_START
    assert boleto.due_factor(datetime(2025, 2, 23, 15, 30)) == 1001


@pytest.mark.parametrize(
    "day", [date(1997, 10, 7), date(2000, 7, 2), date(2049, 10, 14), date(2100, 1, 1)]
)
def test_due_factor_out_of_range(day):
    with pytest.raises(ValueError, match=r"due factor|03/07/2000"):
        boleto.due_factor(day)


def test_date_from_factor_picks_the_nearest_cycle():
    assert boleto.date_from_factor(1000, reference=date(2001, 1, 1)) == date(2000, 7, 3)
    assert boleto.date_from_factor(1000, reference=date(2026, 1, 1)) == date(
        2025, 2, 22
    )
    assert boleto.date_from_factor(9999, reference=date(2025, 3, 1)) == date(
        2025, 2, 21
    )
    assert boleto.date_from_factor(1001, reference=date(2025, 2, 20)) == date(
        2025, 2, 23
    )
    soon = date.today() + timedelta(days=30)
    assert boleto.date_from_factor(boleto.due_factor(soon)) == soon


@pytest.mark.parametrize("factor", [0, 999, 10000, -1])
def test_date_from_factor_out_of_range(factor):
    with pytest.raises(ValueError, match="outside 1000-9999"):
        boleto.date_from_factor(factor)


def test_date_from_factor_needs_an_int():
    with pytest.raises(TypeError):
        boleto.date_from_factor("1000")


# ---------------------------------------------------------------------------
# Banks 004, 021, 070, 084, 085, 097, 136, 422, 745: printed fields, wallets
# ---------------------------------------------------------------------------

SOME_DAY = {"due_date": date(2024, 1, 10), "amount": D("1.00")}
BNB = {"agency": "0016", "account": "0001193", "account_digit": "2"} | SOME_DAY
BANESTES = {"agency": "274", "account": "1454204", "account_digit": "7"} | SOME_DAY
BRB = {"agency": "082", "account": "0000528"} | SOME_DAY
SAFRA = {"agency": "4042", "agency_digit": "8", "account": "61900"}
SAFRA |= {"account_digit": "7"} | SOME_DAY
CITIBANK = {"agency": "1825", "agreement": "0123456789", "wallet": "650"} | SOME_DAY
AILOS = {"agency": "0101", "account": "1111111", "agreement": "0"} | SOME_DAY
CREDISIS = {"agency": "0001", "account": "0000002", "agreement": "100000"}
CREDISIS |= {"beneficiary_document": "12345678912"} | SOME_DAY


@pytest.mark.parametrize(
    ("bank", "digit"),
    # Printed bank codes: 004-3 in the Banco do Nordeste manual (note 06,
    # item 2), 422-7 in the Safra manual (10.3.4), 085-0 on Ailos' sample
    # slip (see AILOS_SAMPLE_LINE); brcobranca's banco_dv of banestes.rb
    # (021-3), citibank.rb (745-5) and credisis.rb (097-3); 084-1 in
    # BoletoNetCore's BancoUniprimeNortePR.cs; the others are the modulo 11
    # digit of the code (brcobranca's base.rb): 070-1 and 136-8.
    [
        ("004", "3"),
        ("021", "3"),
        ("070", "1"),
        ("084", "1"),
        ("085", "0"),
        ("097", "3"),
        ("136", "8"),
        ("422", "7"),
        ("745", "5"),
    ],
)
def test_printed_bank_code_of_the_new_banks(bank, digit):
    assert boleto.BANK_CODE_DIGITS[bank] == digit
    assert boleto.BANK_NAMES[bank]
    assert boleto.normalize_bank_code(int(bank)) == bank


@pytest.mark.parametrize(
    ("number", "printed"),
    # BNB manual note 01 (0000010 -> 8); brcobranca banco_nordeste_spec.rb
    # "Montar nosso_numero_boleto" and "Montar nosso_numero_dv".
    [
        ("0000010", "0000010-8"),
        ("0020572", "0020572-9"),
        ("1297105", "1297105-7"),
        ("0000005", "0000005-1"),
        ("9061138", "9061138-1"),
        ("1961005", "1961005-0"),
    ],
)
def test_bnb_nosso_numero(number, printed):
    slip = boleto.compute("004", nosso_numero=number, **BNB)
    assert slip.nosso_numero == printed
    # banco_nordeste_spec.rb "Montar agencia_conta_boleto".
    assert slip.agency_account == "0016/0001193-2"


@pytest.mark.parametrize(
    ("number", "printed"),
    # brcobranca banestes_spec.rb "Montar nosso_numero_boleto".
    [
        ("00000040", "00000040-06"),
        ("00000068", "00000068-07"),
        ("00000006", "00000006-04"),
        ("00000281", "00000281-00"),
        ("00000023", "00000023-05"),
        ("00000337", "00000337-90"),
        ("96656701", "96656701-37"),
        ("00000484", "00000484-70"),
        ("514", "00000514-20"),
        ("565", "00000565-70"),
        ("573", "00000573-80"),
        ("00000603", "00000603-30"),
        ("69240101", "69240101-68"),
    ],
)
def test_banestes_nosso_numero(number, printed):
    slip = boleto.compute("021", nosso_numero=number, **BANESTES)
    assert slip.nosso_numero == printed
    # banestes_spec.rb "Montar agencia_conta_boleto".
    assert slip.agency_account == "274 / 14542047"


def test_banestes_refuses_the_unregistered_type():
    # banestes_spec.rb "Criar nova instancia com atributos válidos" is a slip
    # of collection type 2 (unregistered): its free field 69240101 0001454204
    # 7 2 021 ends with the double digit 93, line 02196.92407 10100.014546
    # 20472.021938 9 64710000127890; that type is refused, its digits hold.
    assert boleto.banrisul_double_digit("69240101000145420472021") == "93"
    line = "02196.92407 10100.014546 20472.021938 9 64710000127890"
    parsed = boleto.parse_digitable_line(line, reference=date(2015, 6, 26))
    assert parsed.free_field == "6924010100014542047202193"
    assert parsed.amount == D("1278.90")
    with pytest.raises(ValueError, match="Banestes collection type 2"):
        boleto.compute("021", nosso_numero="69240101", wallet_variation="2", **BANESTES)
    with pytest.raises(ValueError, match="registered types 4, 5, 6 and 7"):
        boleto.compute("021", nosso_numero="1", wallet_variation="3", **BANESTES)


def test_brb_printed_fields_and_refused_modalities():
    # brcobranca banco_brasilia_spec.rb "Montar nosso_numero_boleto" and
    # "Montar agencia_conta_boleto".
    slip = boleto.compute("070", nosso_numero="000001", **BRB)
    assert slip.nosso_numero == "200000107013"
    assert slip.agency_account == "000 - 082 - 0000528"
    assert slip.bank_code_formatted == "070-1"
    # The spec's second slip is modality 1 (07090.02240 00044.990109
    # 00001.070705 9 68660000037277, double digit 70): not registered,
    # refused; the chave BRB digits are checked on it all the same.
    assert boleto.banrisul_double_digit("00224000449901000001070") == "70"
    for modality in ("1", "3"):
        with pytest.raises(ValueError, match=f"BRB wallet {modality} is not"):
            boleto.compute("070", nosso_numero="1", wallet=modality, **BRB)


def test_uniprime_wallet_09_only():
    kwargs = {"agency": "0012", "account": "47744", "nosso_numero": "1"}
    kwargs |= {"agency_digit": "4", "account_digit": "3"} | SOME_DAY
    slip = boleto.compute("084", **kwargs)
    assert slip.agency_account == "0012-4 / 0047744-3"
    assert slip.nosso_numero.startswith("09/")
    with pytest.raises(ValueError, match=r"Uniprime wallet 06 .*only 09"):
        boleto.compute("084", wallet="06", **kwargs)


def test_ailos_printed_fields():
    # brcobranca ailos_spec.rb "Montar nosso_numero_boleto" and "Montar
    # agencia_conta_boleto" (digits; printed as Ailos' sample slip does).
    slip = boleto.compute("085", **{**AILOS, "account": "0357157", "nosso_numero": 1})
    assert slip.nosso_numero == "03571572000000001"
    assert boleto.compute("085", nosso_numero="1", **AILOS).agency_account == (
        "0101-5/1111111-9"
    )
    other = {**AILOS, "agency": "0548", "account": "1448", "nosso_numero": "1"}
    assert boleto.compute("085", **other).agency_account == "0548-7/1448-6"


# Ailos' own sample slip ("boleto teste.pdf" of Ailos' cobrança kit, kept in
# eduardokum/laravel-boleto manuais/AILOS/): beneficiary 0101-5/244140-3,
# nosso número 02441403000000071, wallet 01, 03/07/2018, R$ 100,00, bank
# 085-0.
AILOS_SAMPLE_LINE = "08591.01008 20244.140305 00000.071019 3 75740000010000"


def test_ailos_sample_slip():
    slip = boleto.compute(
        "085",
        agency="0101",
        account="244140",
        account_digit="3",
        agreement="101002",
        wallet="01",
        nosso_numero="71",
        due_date=date(2018, 7, 3),
        amount=D("100.00"),
    )
    assert slip.digitable_line_formatted == AILOS_SAMPLE_LINE
    assert slip.nosso_numero == "02441403000000071"
    assert slip.agency_account == "0101-5/244140-3"
    assert slip.bank_code_formatted == "085-0"
    with pytest.raises(ValueError, match="does not match the digit 9"):
        boleto.compute("085", nosso_numero="1", account_digit="3", **AILOS)
    with pytest.raises(ValueError, match="Ailos wallet 02 is not supported"):
        boleto.compute("085", nosso_numero="1", wallet="2", **AILOS)


def test_credisis_printed_fields_and_document():
    # brcobranca credisis_spec.rb "Montar nosso_numero_boleto" and "Montar
    # agencia_conta_boleto".
    slip = boleto.compute("097", nosso_numero="95", **CREDISIS)
    assert slip.nosso_numero == "09750001100000000095"
    assert slip.agency_account == "0001-9 / 0000002-7"
    other = {**CREDISIS, "agency": "0719"}
    assert boleto.compute("097", nosso_numero="1", **other).agency_account == (
        "0719-6 / 0000002-7"
    )
    with pytest.raises(ValueError, match="a CPF .11 digits. or a CNPJ"):
        boleto.compute(
            "097", nosso_numero="1", **{**CREDISIS, "beneficiary_document": "123"}
        )
    with pytest.raises(ValueError, match="CrediSIS wallet 17 is not supported"):
        boleto.compute("097", nosso_numero="1", wallet="17", **CREDISIS)


def test_unicred_printed_fields():
    # brcobranca unicred_spec.rb "Montar nosso_numero_boleto" and "Montar
    # agencia_conta_boleto".
    kwargs = {"agency": "1234", "account": "12345", "account_digit": "7"}
    slip = boleto.compute("136", nosso_numero="13871", **kwargs, **SOME_DAY)
    assert slip.nosso_numero == "0000013871-1"
    assert slip.agency_account == "1234 / 000012345-7"
    with pytest.raises(ValueError, match="Unicred wallet 11 is not supported"):
        boleto.compute("136", nosso_numero="1", wallet="11", **kwargs, **SOME_DAY)
    with pytest.raises(ValueError, match="'account_digit' must be one digit"):
        boleto.compute(
            "136", nosso_numero="1", **{**kwargs, "account_digit": "77"}, **SOME_DAY
        )


@pytest.mark.parametrize(
    ("number", "printed"),
    # Safra "Cobrança" manual (2010, copy in eduardokum/laravel-boleto
    # manuais/SAFRA/cobranca2010.pdf), 10.2, its three examples (also in
    # brcobranca safra_spec.rb "Montar nosso_numero_boleto").
    [
        ("94550200", "94550200-1"),
        ("93199999", "93199999-5"),
        ("26173001", "26173001-1"),
    ],
)
def test_safra_nosso_numero(number, printed):
    slip = boleto.compute("422", nosso_numero=number, **SAFRA)
    assert slip.nosso_numero == printed
    # safra_spec.rb "Montar agencia_conta_boleto".
    assert slip.agency_account == "40428 / 000619007"


def test_safra_digit_eleven_is_one():
    # Safra manual 10.2: "se na divisão o resto for 0, o dígito de controle
    # será 1; se o resto for 1, o dígito será 0".
    assert boleto.modulo11("00000000", results=boleto.SAFRA_RESULTS) == "1"  # 11
    assert boleto.modulo11("00000006", results=boleto.SAFRA_RESULTS) == "0"  # 10
    assert boleto.modulo11("00000001", results=boleto.SAFRA_RESULTS) == "9"


@pytest.mark.parametrize(
    ("number", "printed"),
    # brcobranca citibank_spec.rb "Montar nosso_numero_boleto".
    [("00000000001", "00000000001.9"), ("66660000003", "66660000003.7")],
)
def test_citibank_nosso_numero(number, printed):
    slip = boleto.compute("745", nosso_numero=number, **CITIBANK)
    assert slip.nosso_numero == printed
    # citibank_spec.rb "Gerar o código de barras" and "Montar
    # agencia_conta_boleto".
    assert slip.agency_account == "1825 / 0123456789"
    if number == "00000000001":
        assert slip.free_field == "3650123456789000000000019"


def test_bnb_wallet_21_only():
    with pytest.raises(ValueError, match=r"Banco do Nordeste wallet 31 .*only 21"):
        boleto.compute("004", nosso_numero="1", wallet="31", **BNB)
    assert boleto.compute("004", nosso_numero="1", wallet="021", **BNB).free_field[
        -5:
    ] == ("21000")


# ---------------------------------------------------------------------------
# What banks legitimately send
# ---------------------------------------------------------------------------


def test_zero_amount_is_a_blank_amount():
    # brcobranca itau_spec.rb "Gerar boleto", first slip: valor 0.0, the
    # amount field of the barcode is 0000000000.
    slip = boleto.compute(
        "341",
        agency="0810",
        account="53678",
        wallet="175",
        nosso_numero="12345678",
        due_date=date(2009, 8, 14),
        amount=D("0"),
    )
    assert slip.barcode == "34191432900000000001751234567840810536789000"
    line = "34191.75124 34567.840813 05367.890000 1 43290000000000"
    assert slip.digitable_line_formatted == line
    assert slip.amount == D("0.00")
    parsed = boleto.parse_digitable_line(line, reference=date(2009, 8, 14))
    assert parsed.amount is None  # the payer types it
    assert parsed.due_date == date(2009, 8, 14)
    assert boleto.compute("341", **{**ITAU_ZERO, "amount": D("-0.00")}) == (
        boleto.compute("341", **ITAU_ZERO)
    )


def test_sicredi_zero_amount_sets_its_value_flag():
    # Sicredi manual (Aug/2019) item 10.7: free field position 23 is 1 when
    # the slip has an amount, 0 when it has none.
    kwargs = {"agency": "0165", "post": "02", "agreement": "00623"}
    kwargs |= {"nosso_numero": "07200003", "due_date": date(2024, 1, 10)}
    with_amount = boleto.compute("748", amount=D("10.00"), **kwargs)
    without = boleto.compute("748", amount=D("0"), **kwargs)
    assert with_amount.free_field[:22] == without.free_field[:22]
    assert with_amount.free_field[22] == "1"
    assert without.free_field[22] == "0"
    assert without.barcode[9:19] == "0000000000"


@pytest.mark.parametrize(
    ("bank", "kwargs", "padded"),
    [
        # Sicredi: "03" is the charge type 3 (Sicredi return files write it
        # with two positions).
        (
            "748",
            {"agency": "0710", "post": "65", "agreement": "129", "wallet": "3"}
            | {"nosso_numero": "16208879"},
            "03",
        ),
        (
            "104",
            {"agreement": "1242119", "nosso_numero": "157460299", "wallet": "1"}
            | {"agency": "3454"},
            "01",
        ),
        (
            "756",
            {"agency": "4327", "agreement": "229385", "nosso_numero": "2"}
            | {"wallet": "1"},
            "01",
        ),
        (
            "341",
            {"agency": "0057", "account": "12345", "wallet": "109"}
            | {"nosso_numero": "12345678"},
            "0109",
        ),
        (
            "001",
            {"agreement": "1238798", "nosso_numero": "1", "agency": "1"}
            | {"account": "1", "wallet": "17"},
            "017",
        ),
    ],
)
def test_zero_padded_wallet_is_the_same_wallet(bank, kwargs, padded):
    plain = boleto.compute(bank, **kwargs, **SOME_DAY)
    assert boleto.compute(bank, **{**kwargs, "wallet": padded}, **SOME_DAY) == plain


def test_padding_zeros_beyond_the_size_are_accepted():
    # An account written with more zeros than the bank's positions is the
    # same account; a longer number is still refused.
    plain = boleto.compute("341", **ITAU)
    assert boleto.compute("341", **{**ITAU, "account": "0000012345"}) == plain
    with pytest.raises(ValueError, match="'account' has 6 digits"):
        boleto.compute("341", **{**ITAU, "account": "112345"})


# ---------------------------------------------------------------------------
# Errors of compute
# ---------------------------------------------------------------------------

ITAU = {
    "agency": "0057",
    "account": "12345",
    "wallet": "110",
    "nosso_numero": "12345678",
    "due_date": date(2024, 1, 10),
    "amount": D("123.45"),
}
ITAU_ZERO = {**ITAU, "amount": D("0")}


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (D("-1.00"), "cannot be negative"),
        (D("-0.01"), "cannot be negative"),
        (D("100000000.00"), "10 digits"),
        (D("1.005"), "more than two decimals"),
        ("abc", "not a number"),
        (D("NaN"), "not a finite number"),
    ],
)
def test_bad_amount(amount, message):
    with pytest.raises(ValueError, match=message):
        boleto.compute("341", **{**ITAU, "amount": amount})


def test_amount_limits_and_types():
    top = boleto.compute("341", **{**ITAU, "amount": D("99999999.99")})
    assert top.barcode[9:19] == "9999999999"
    assert boleto.compute("341", **{**ITAU, "amount": 5}).amount == D("5.00")
    assert boleto.compute("341", **{**ITAU, "amount": "1.50"}).amount == D("1.50")
    assert boleto.compute("341", **{**ITAU, "amount": D("1.500")}).amount == D("1.50")
    with pytest.raises(TypeError, match="float"):
        boleto.compute("341", **{**ITAU, "amount": 1.5})


def test_unknown_bank_lists_the_supported_ones():
    with pytest.raises(ValueError, match="Unsupported bank") as error:
        boleto.compute("999", **ITAU)
    for code in boleto.FREE_FIELD_BUILDERS:
        assert code in str(error.value)
    assert boleto.normalize_bank_code(341) == "341"
    assert boleto.normalize_bank_code("1") == "001"


MINIMAL = {
    "001": {"agreement": "1238798", "nosso_numero": "1", "agency": "1", "account": "1"}
    | {"wallet": "17"},
    "033": {"agreement": "1", "nosso_numero": "1", "wallet": "101", "agency": "1"},
    "041": {"agency": "1", "agreement": "1", "nosso_numero": "1"},
    "077": {"agreement": "1", "nosso_numero": "1"},
    "104": {"agreement": "1", "nosso_numero": "1", "agency": "1"},
    "237": {"agency": "1", "wallet": "9", "nosso_numero": "1", "account": "1"},
    "341": {"agency": "1", "account": "1", "wallet": "109", "nosso_numero": "1"},
    "748": {"agency": "1", "post": "1", "agreement": "1", "nosso_numero": "12345678"},
    "756": {"agency": "1", "agreement": "1", "nosso_numero": "1"},
    "004": {"agency": "1", "account": "1", "account_digit": "1", "nosso_numero": "1"},
    "021": {"nosso_numero": "1", "agency": "1", "account": "1", "account_digit": "1"},
    "070": {"agency": "1", "account": "1", "nosso_numero": "1"},
    "084": {"agency": "1", "nosso_numero": "1", "account": "1"},
    "085": {"agreement": "1", "agency": "1", "account": "1", "nosso_numero": "1"},
    "097": {"beneficiary_document": "12345678912", "agency": "1"}
    | {"agreement": "1", "nosso_numero": "1", "account": "1"},
    "136": {"agency": "1", "account": "1", "account_digit": "1", "nosso_numero": "1"},
    "422": {"agency": "1", "agency_digit": "1", "account": "1"}
    | {"account_digit": "1", "nosso_numero": "1"},
    "745": {"wallet": "1", "agreement": "1", "nosso_numero": "1", "agency": "1"},
}


@pytest.mark.parametrize(
    ("bank", "name"),
    [(bank, name) for bank, kwargs in MINIMAL.items() for name in kwargs],
)
def test_missing_required_parameter(bank, name):
    kwargs = {key: value for key, value in MINIMAL[bank].items() if key != name}
    with pytest.raises(ValueError, match=f"needs the parameter '{name}'"):
        boleto.compute(bank, due_date=date(2024, 1, 10), amount=D("1"), **kwargs)


@pytest.mark.parametrize("bank", sorted(MINIMAL))
def test_minimal_parameters_are_enough(bank):
    slip = boleto.compute(
        bank, due_date=date(2024, 1, 10), amount=D("1"), **MINIMAL[bank]
    )
    assert len(slip.barcode) == 44


@pytest.mark.parametrize(
    ("bank", "name", "value"),
    [
        ("001", "agency", "12345"),
        ("001", "account", "123456789"),
        ("001", "wallet", "123"),
        ("001", "nosso_numero", "12345678901"),
        ("033", "agreement", "12345678"),
        ("033", "nosso_numero", "1234567890123"),
        ("041", "nosso_numero", "123456789"),
        ("077", "nosso_numero", "123456789012"),
        ("104", "nosso_numero", "1234567890123456"),
        ("237", "nosso_numero", "123456789012"),
        ("237", "account", "12345678"),
        ("341", "nosso_numero", "123456789"),
        ("341", "account", "123456"),
        ("748", "agreement", "123456"),
        ("756", "agreement", "12345678"),
        ("756", "nosso_numero", "12345678"),
        ("004", "nosso_numero", "12345678"),
        ("021", "account", "12345678901"),
        ("070", "agency", "1234"),
        ("084", "nosso_numero", "123456789012"),
        ("085", "nosso_numero", "1234567890"),
        ("097", "nosso_numero", "1234567"),
        ("136", "account", "1234567890"),
        ("422", "nosso_numero", "123456789"),
        ("745", "agreement", "12345678901"),
    ],
)
def test_too_long_field(bank, name, value):
    kwargs = {**MINIMAL[bank], name: value}
    with pytest.raises(ValueError, match=f"'{name}' has {len(value)} digits"):
        boleto.compute(bank, due_date=date(2024, 1, 10), amount=D("1"), **kwargs)


def test_non_digit_field():
    with pytest.raises(ValueError, match="'account' must contain only digits"):
        boleto.compute("341", **{**ITAU, "account": "1234-5"})


def test_empty_odoo_value_counts_as_missing():
    with pytest.raises(ValueError, match="needs the parameter 'account'"):
        boleto.compute("341", **{**ITAU, "account": False})


def test_bank_specific_errors():
    bb = dict(MINIMAL["001"], due_date=date(2024, 1, 10), amount=D("1"))
    with pytest.raises(ValueError, match="4, 6, 7 or 8 digits"):
        boleto.compute("001", **{**bb, "agreement": "12345"})
    with pytest.raises(ValueError, match="wallet 16 or 18"):
        boleto.compute("001", **{**bb, "agreement": "123879", "modality": "21"})
    caixa = dict(MINIMAL["104"], due_date=date(2024, 1, 10), amount=D("1"))
    with pytest.raises(ValueError, match="outside the ranges"):
        boleto.compute("104", **{**caixa, "agreement": "1050000"})
    with pytest.raises(ValueError, match="Unknown Caixa wallet"):
        boleto.compute("104", **{**caixa, "wallet": "CS"})
    sicredi = dict(MINIMAL["748"], due_date=date(2024, 1, 10), amount=D("1"))
    with pytest.raises(ValueError, match="'1' or '3'"):
        boleto.compute("748", **{**sicredi, "wallet": "2"})
    with pytest.raises(ValueError, match="byte_idt"):
        boleto.compute("748", **{**sicredi, "nosso_numero": "5", "byte_idt": "1"})
    with pytest.raises(ValueError, match="does not match the DAC"):
        boleto.compute("341", **{**ITAU, "account_digit": "0"})
    with pytest.raises(ValueError, match="needs the parameter 'document_number'"):
        boleto.compute("341", **{**ITAU, "wallet": "198", "agreement": "1"})


def test_bad_due_date_and_unknown_parameter():
    with pytest.raises(ValueError, match="03/07/2000"):
        boleto.compute("341", **{**ITAU, "due_date": date(2000, 1, 1)})
    with pytest.raises(TypeError, match="must be a date"):
        boleto.compute("341", **{**ITAU, "due_date": "2024-01-10"})
    with pytest.raises(TypeError, match="Unknown parameter"):
        boleto.compute("341", carteira="109", **ITAU)


# ---------------------------------------------------------------------------
# Errors of parsing
# ---------------------------------------------------------------------------

LINE = "34191.10121 34567.880058 71234.570001 6 16670000012345"


@pytest.mark.parametrize(
    ("position", "field"), [(9, "field 1"), (20, "field 2"), (31, "field 3")]
)
def test_parse_names_the_wrong_field(position, field):
    digits = _digits_only(LINE)
    wrong = str((int(digits[position]) + 1) % 10)
    with pytest.raises(ValueError, match=f"check digit of {field}"):
        boleto.parse_digitable_line(digits[:position] + wrong + digits[position + 1 :])


def test_parse_general_check_digit():
    with pytest.raises(ValueError, match=r"general check digit .*field 4"):
        boleto.parse_digitable_line(LINE.replace(" 6 ", " 7 "))
    with pytest.raises(ValueError, match="general check digit"):
        boleto.parse_barcode("34197166700000123451101234567880057123457000")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("3419110121", "47 digits"),
        (LINE + "1", "47 digits"),
        (LINE.replace("6", "x", 1), "only contain digits"),
        (LINE.replace(" ", "-"), "only contain digits"),
        ("", "47 digits"),
    ],
)
def test_parse_bad_text(text, message):
    with pytest.raises(ValueError, match=message):
        boleto.parse_digitable_line(text)


def test_parse_barcode_errors():
    with pytest.raises(ValueError, match="44 digits"):
        boleto.parse_barcode("3419")
    with pytest.raises(ValueError, match="utility/tax"):
        boleto.parse_barcode("8" * 44)
    with pytest.raises(TypeError):
        boleto.parse_barcode(12345)
    bad_factor = boleto.assemble_barcode("341", "9", 999, "0000000100", "0" * 25)
    with pytest.raises(ValueError, match="Invalid due factor 0999"):
        boleto.parse_barcode(bad_factor)


# ---------------------------------------------------------------------------
# Interleaved 2 of 5
# ---------------------------------------------------------------------------


def test_itf_pairs_match_the_santander_manual():
    # Santander manual v3.1 p. 3: 0123 is "INICIO 01 00 10 10 01 01 11 00 00
    # 10 FIM" (bar/space pairs, 0 narrow, 1 wide).
    elements = boleto.interleaved_2of5_bars("0123")
    assert elements[:4] == [(True, 1), (False, 1), (True, 1), (False, 1)]
    assert elements[-3:] == [(True, 3), (False, 1), (True, 1)]
    body = elements[4:-3]
    pairs = " ".join(
        f"{int(bar[1] == 3)}{int(space[1] == 3)}"
        for bar, space in zip(body[::2], body[1::2], strict=True)
    )
    assert pairs == "01 00 10 10 01 01 11 00 00 10"


def test_itf_of_a_boleto():
    barcode = "34196166700000123451101234567880057123457000"
    elements = boleto.interleaved_2of5_bars(barcode)
    # 4 start + 44 digits x 5 elements + 3 stop; 9 modules a digit.
    assert len(elements) == 4 + 44 * 5 + 3
    assert sum(width for _, width in elements) == 4 + 44 * 9 + 5
    assert all(is_bar == (i % 2 == 0) for i, (is_bar, _) in enumerate(elements))
    svg = boleto.itf_svg(barcode)
    assert svg.startswith("<svg")
    assert 'width="103.000mm"' in svg
    assert 'height="13mm"' in svg
    assert svg.count("<rect") == 2 + 44 * 5 // 2 + 2
    assert 'width="40.500mm"' in boleto.itf_svg(barcode, module_mm=0.1)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("123", "even number"),
        ("12a4", "digits only"),
        ("", "digits only"),
        ("\uff11\uff12", "digits only"),  # full-width digits
    ],
)
def test_itf_errors(code, message):
    with pytest.raises(ValueError, match=message):
        boleto.interleaved_2of5_bars(code)


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------


def _number(min_size, max_size):
    return st.text("0123456789", min_size=min_size, max_size=max_size)


_bb_common = {
    "agency": _number(1, 4),
    "account": _number(1, 8),
    "wallet": _number(2, 2),
}
_bb_convenio = st.sampled_from([(4, 7), (6, 5), (7, 10), (8, 9)]).flatmap(
    lambda sizes: st.fixed_dictionaries(
        dict(
            agreement=_number(sizes[0], sizes[0]),
            nosso_numero=_number(1, sizes[1]),
            **_bb_common,
        )
    )
)
_bb_free_number = st.fixed_dictionaries(
    {
        "agreement": _number(6, 6),
        "nosso_numero": _number(1, 17),
        "modality": st.just("21"),
        "agency": _number(1, 4),
        "account": _number(1, 8),
        "wallet": st.sampled_from(["16", "18"]),
    }
)
_itau_wallet = st.sampled_from(["109", "110", "112", "168", "175", "196", "198"])

BANK_INPUTS = {
    "001": st.one_of(_bb_convenio, _bb_free_number),
    "033": st.fixed_dictionaries(
        {
            "agreement": _number(1, 7),
            "nosso_numero": _number(1, 12),
            "wallet": st.sampled_from(["101", "102", "201"]),
            "agency": _number(1, 4),
        }
    ),
    "041": st.fixed_dictionaries(
        {
            "agency": _number(1, 4),
            "agreement": _number(1, 7),
            "nosso_numero": _number(1, 8),
            "wallet": st.sampled_from(["1", "2"]),
        }
    ),
    "077": st.fixed_dictionaries(
        {"agreement": _number(1, 7), "nosso_numero": _number(1, 11)}
    ),
    "104": st.fixed_dictionaries(
        {
            "agreement": st.one_of(
                st.integers(1, 999999), st.integers(1100000, 9999999)
            ).map(str),
            "nosso_numero": _number(1, 15),
            "wallet": st.sampled_from(["RG", "SR", "1"]),
            "agency": _number(1, 4),
        }
    ),
    "237": st.fixed_dictionaries(
        {
            "agency": _number(1, 4),
            "wallet": _number(1, 2),
            "nosso_numero": _number(1, 11),
            "account": _number(1, 7),
        }
    ),
    "341": st.fixed_dictionaries(
        {
            "agency": _number(1, 4),
            "account": _number(1, 5),
            "wallet": _itau_wallet,
            "nosso_numero": _number(1, 8),
            "document_number": _number(1, 7),
            "agreement": _number(1, 5),
        }
    ),
    "748": st.fixed_dictionaries(
        {
            "agency": _number(1, 4),
            "post": _number(1, 2),
            "agreement": _number(1, 5),
            "nosso_numero": _number(1, 5),
            "byte_idt": st.sampled_from("23456789"),
            "wallet": st.sampled_from(["1", "3"]),
            "issue_date": st.dates(date(2000, 1, 1), date(2049, 12, 31)),
        }
    ),
    "756": st.fixed_dictionaries(
        {
            "agency": _number(1, 4),
            "agreement": _number(1, 7),
            "nosso_numero": _number(1, 7),
            "modality": st.sampled_from(["01", "02", "05"]),
            "installment": _number(1, 3),
        }
    ),
    "004": st.fixed_dictionaries(
        {
            "agency": _number(1, 4),
            "account": _number(1, 7),
            "account_digit": _number(1, 1),
            "nosso_numero": _number(1, 7),
        }
    ),
    "021": st.fixed_dictionaries(
        {
            "agency": _number(1, 4),
            "account": _number(1, 10),
            "account_digit": _number(1, 1),
            "nosso_numero": _number(1, 8),
            "wallet_variation": st.sampled_from("4567"),
        }
    ),
    "070": st.fixed_dictionaries(
        {
            "agency": _number(1, 3),
            "account": _number(1, 7),
            "nosso_numero": _number(1, 6),
        }
    ),
    "084": st.fixed_dictionaries(
        {
            "agency": _number(1, 4),
            "account": _number(1, 7),
            "nosso_numero": _number(1, 11),
        }
    ),
    "085": st.fixed_dictionaries(
        {
            "agreement": _number(1, 6),
            "agency": _number(1, 4),
            "account": _number(1, 7),
            "nosso_numero": _number(1, 9),
        }
    ),
    "097": st.fixed_dictionaries(
        {
            "beneficiary_document": st.one_of(_number(11, 11), _number(14, 14)),
            "agency": _number(1, 4),
            "agreement": _number(1, 6),
            "account": _number(1, 7),
            "nosso_numero": _number(1, 6),
        }
    ),
    "136": st.fixed_dictionaries(
        {
            "agency": _number(1, 4),
            "account": _number(1, 9),
            "account_digit": _number(1, 1),
            "nosso_numero": _number(1, 10),
        }
    ),
    "422": st.fixed_dictionaries(
        {
            "agency": _number(1, 4),
            "agency_digit": _number(1, 1),
            "account": _number(1, 8),
            "account_digit": _number(1, 1),
            "nosso_numero": _number(1, 8),
        }
    ),
    "745": st.fixed_dictionaries(
        {
            "wallet": _number(1, 3),
            "agreement": _number(1, 10),
            "agency": _number(1, 4),
            "nosso_numero": _number(1, 11),
        }
    ),
}

DUE_DATES = st.dates(boleto.FIRST_FACTOR_DATE, boleto.LAST_FACTOR_DATE)
AMOUNTS = st.integers(1, 9_999_999_999).map(lambda cents: D(cents).scaleb(-2))
PROPERTY_SETTINGS = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def test_every_bank_has_a_strategy():
    assert set(BANK_INPUTS) == set(boleto.FREE_FIELD_BUILDERS)


@pytest.mark.parametrize("bank", sorted(BANK_INPUTS))
@PROPERTY_SETTINGS
@given(data=st.data())
def test_round_trip(bank, data):
    kwargs = data.draw(BANK_INPUTS[bank])
    due_date = data.draw(DUE_DATES)
    amount = data.draw(AMOUNTS)
    slip = boleto.compute(bank, due_date=due_date, amount=amount, **kwargs)
    assert len(slip.barcode) == 44
    assert slip.barcode.isdigit()
    assert len(slip.digitable_line) == 47
    assert slip.digitable_line.isdigit()
    assert slip.barcode[:3] == bank
    assert slip.barcode[19:] == slip.free_field
    for parsed in (
        boleto.parse_barcode(slip.barcode, reference=due_date),
        boleto.parse_digitable_line(slip.digitable_line, reference=due_date),
        boleto.parse_digitable_line(slip.digitable_line_formatted, reference=due_date),
    ):
        assert parsed.amount == amount
        assert parsed.due_date == due_date
        assert parsed.due_factor == slip.due_factor
        assert parsed.barcode == slip.barcode
        assert parsed.free_field == slip.free_field


def _modulo11_result(barcode):
    """11 - remainder of the weighted sum behind the barcode DV (1 to 11)."""
    data = barcode[:4] + barcode[5:]
    return 11 - boleto.weighted_sum(data, range(2, 10)) % 11


@pytest.mark.parametrize("bank", sorted(BANK_INPUTS))
@PROPERTY_SETTINGS
@given(data=st.data())
def test_any_single_digit_change_is_detected(bank, data):
    """Changing one digit of the line makes parsing fail.

    Fields 1 to 3 are protected by their modulo 10 digit, which catches every
    single-digit change, and field 4 is the DV itself. A change in field 5
    (due factor and amount) is only seen by the modulo 11 barcode DV, which
    prints the results 1, 10 and 11 all as "1": when both the original and
    the changed barcode fall in that group the change cannot be detected by
    any implementation of the FEBRABAN rule; that case alone is tolerated.
    """
    kwargs = data.draw(BANK_INPUTS[bank])
    slip = boleto.compute(
        bank, due_date=data.draw(DUE_DATES), amount=data.draw(AMOUNTS), **kwargs
    )
    line = slip.digitable_line
    offsets = data.draw(st.lists(st.integers(1, 9), min_size=47, max_size=47))
    for position, offset in enumerate(offsets):
        digit = str((int(line[position]) + offset) % 10)
        changed = line[:position] + digit + line[position + 1 :]
        try:
            boleto.parse_digitable_line(changed)
        except ValueError:
            continue
        changed_barcode = boleto.digitable_line_to_barcode(changed)
        assert position >= 33, f"change at {position} not detected"
        assert _modulo11_result(slip.barcode) in (1, 10, 11)
        assert _modulo11_result(changed_barcode) in (1, 10, 11)


def test_exhaustive_single_digit_changes_of_one_line():
    # DV 6 (result 6): every one of the 47 x 9 changes must be rejected.
    digits = _digits_only(LINE)
    for position in range(47):
        for offset in range(1, 10):
            digit = str((int(digits[position]) + offset) % 10)
            with pytest.raises(ValueError, match="check digit"):
                boleto.parse_digitable_line(
                    digits[:position] + digit + digits[position + 1 :],
                    reference=date(2002, 1, 1),
                )

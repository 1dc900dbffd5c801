/**
 * shared/data/liberec-region-municipalities.csv as a module, so every bundle carries it without
 * reading files at run time. Generated from the CSV; test/unit/coverage.test.ts checks that the
 * two are identical. Vintage and sources: shared/data/README.md.
 */
export const liberecRegionMunicipalitiesCsv = `ico;name;district;municipality_code;population
00262277;Albrechtice v Jizerských horách;Jablonec nad Nisou;563528;344
00525511;Bedřichov;Jablonec nad Nisou;563536;401
43256201;Dalešice;Jablonec nad Nisou;530425;225
00262307;Desná;Jablonec nad Nisou;563552;2999
00262315;Držkov;Jablonec nad Nisou;563561;580
00262323;Frýdštejn;Jablonec nad Nisou;563579;850
00275697;Harrachov;Jablonec nad Nisou;577081;1388
00262340;Jablonec nad Nisou;Jablonec nad Nisou;563510;46209
00262358;Janov nad Nisou;Jablonec nad Nisou;563595;1531
00262366;Jenišovice;Jablonec nad Nisou;563609;1296
00832022;Jiřetín pod Bukovou;Jablonec nad Nisou;546585;444
00262391;Josefův Důl;Jablonec nad Nisou;563633;907
00525529;Jílové u Držkova;Jablonec nad Nisou;563617;233
00262404;Koberovy;Jablonec nad Nisou;563641;1007
00262421;Kořenov;Jablonec nad Nisou;563668;937
00672076;Loužnice;Jablonec nad Nisou;563684;212
00262455;Lučany nad Nisou;Jablonec nad Nisou;563692;1941
00673226;Líšný;Jablonec nad Nisou;563676;261
00262463;Malá Skála;Jablonec nad Nisou;563706;1255
00262471;Maršovice;Jablonec nad Nisou;563714;627
00262498;Nová Ves nad Nisou;Jablonec nad Nisou;563731;906
00262510;Plavy;Jablonec nad Nisou;563757;1028
00832332;Pulečný;Jablonec nad Nisou;546577;497
00262501;Pěnčín;Jablonec nad Nisou;563749;2096
00673234;Radčice;Jablonec nad Nisou;563773;180
00262552;Rychnov u Jablonce nad Nisou;Jablonec nad Nisou;563790;2854
00262544;Rádlo;Jablonec nad Nisou;563781;1023
00262561;Skuhrov;Jablonec nad Nisou;563803;630
00262579;Smržovka;Jablonec nad Nisou;563811;3915
00262587;Tanvald;Jablonec nad Nisou;563820;5970
00262595;Velké Hamry;Jablonec nad Nisou;563838;2717
00525537;Vlastiboř;Jablonec nad Nisou;563846;133
00262625;Zlatá Olešnice;Jablonec nad Nisou;563862;495
00262617;Zásada;Jablonec nad Nisou;563854;914
00262633;Železný Brod;Jablonec nad Nisou;563871;6043
00262692;Bulovka;Liberec;563935;916
00262668;Bílá;Liberec;563901;957
00672106;Bílý Kostel nad Nisou;Liberec;563919;1094
00831417;Bílý Potok;Liberec;546631;697
00672114;Cetenov;Liberec;563943;118
00672033;Chotyně;Liberec;564109;1077
00262871;Chrastava;Liberec;564117;6315
46744941;Dlouhý Most;Liberec;530468;1006
00262757;Dolní Řasnice;Liberec;563994;575
00831468;Dětřichov;Liberec;546607;741
00262781;Frýdlant;Liberec;564028;7379
00262790;Habartice;Liberec;564036;472
00262803;Hejnice;Liberec;564044;2751
00672068;Heřmanice;Liberec;544353;283
00672050;Hlavice;Liberec;564052;221
00262820;Hodkovice nad Mohelkou;Liberec;564061;2994
00672041;Horní Řasnice;Liberec;564079;230
00262854;Hrádek nad Nisou;Liberec;564095;8001
00260576;Jablonné v Podještědí;Liberec;561631;3704
00525499;Janovice v Podještědí;Liberec;561657;92
00831395;Janův Důl;Liberec;546658;175
46744959;Jeřmanice;Liberec;530484;678
00672025;Jindřichovice pod Smrkem;Liberec;564133;618
00672017;Kobyly;Liberec;564141;386
00671991;Kryštofovo Údolí;Liberec;564176;431
00672009;Krásný Les;Liberec;564168;476
46744967;Kunratice;Liberec;530433;344
00262943;Křižany;Liberec;564184;843
00671975;Lažany;Liberec;545937;240
00262978;Liberec;Liberec;563889;108090
00671983;Lázně Libverda;Liberec;564206;526
00263001;Mníšek;Liberec;564231;1799
00831433;Nová Ves;Liberec;546593;945
00263036;Nové Město pod Smrkem;Liberec;564265;3725
00481483;Oldřichov v Hájích;Liberec;564281;840
00263061;Osečná;Liberec;564290;1184
00671967;Paceřice;Liberec;545953;386
00671959;Pertoltice;Liberec;564311;302
00671941;Proseč pod Ještědem;Liberec;544345;450
00263095;Pěnčín;Liberec;564303;714
00263125;Příšovice;Liberec;564354;1345
00671932;Radimovice;Liberec;544582;355
00263141;Raspenava;Liberec;564371;2833
00263168;Rynoltice;Liberec;564397;861
00671924;Soběslavice;Liberec;564401;180
00671916;Stráž nad Nisou;Liberec;544477;2430
00671894;Svijanský Újezd;Liberec;564435;443
00671908;Svijany;Liberec;564443;369
00263192;Světlá pod Ještědem;Liberec;564427;983
00263222;Sychrov;Liberec;564451;218
00263265;Višňová;Liberec;564494;1364
00671878;Vlastibořice;Liberec;564516;355
00263303;Všelibice;Liberec;564532;650
00481491;Zdislava;Liberec;564541;278
00672084;Černousy;Liberec;545996;312
00262722;Český Dub;Liberec;563960;2882
00672092;Čtveřín;Liberec;544531;611
00671886;Šimonovice;Liberec;564460;1542
00671860;Žďárek;Liberec;544604;169
00275581;Benecko;Semily;576981;1129
00275590;Benešov u Semil;Semily;576999;864
00275611;Bozkov;Semily;577006;584
00275620;Bradlecká Lhota;Semily;577014;229
00275646;Bukovina u Čisté;Semily;577031;215
00275654;Bystrá nad Jizerou;Semily;577049;120
00275603;Bělá;Semily;576972;285
00275760;Chuchelna;Semily;577154;990
00275727;Holenice;Semily;577111;98
00854671;Horka u Staré Paky;Semily;574201;232
00275735;Horní Branná;Semily;577120;1854
00275751;Hrubá Skála;Semily;577146;617
00275689;Háje nad Jizerou;Semily;577073;667
00275778;Jablonec nad Jizerou;Semily;577162;1609
00275786;Jesenný;Semily;577171;512
00275794;Jestřabí v Krkonoších;Semily;577189;251
00275808;Jilemnice;Semily;577197;5377
00275816;Kacanovy;Semily;577201;232
00275824;Karlovice;Semily;577219;895
00580813;Klokočí;Semily;577227;209
00275841;Košťálov;Semily;577235;1657
00275859;Kruh;Semily;577243;507
00580821;Ktová;Semily;547484;243
00854662;Levínská Olešnice;Semily;577375;332
00275891;Libštát;Semily;577294;912
00275905;Lomnice nad Popelkou;Semily;577308;5626
00580830;Loučky;Semily;573400;156
00580805;Martinice v Krkonoších;Semily;573418;620
00275921;Modřišice;Semily;577324;433
00275913;Mírová pod Kozákovem;Semily;577316;1752
00275930;Mříčná;Semily;577332;582
00275948;Nová Ves nad Popelkou;Semily;577341;679
00275956;Ohrazenice;Semily;577359;1120
00275964;Olešnice;Semily;577367;235
00580791;Paseky nad Jizerou;Semily;547476;252
00275999;Peřimov;Semily;577391;283
00276006;Poniklá;Semily;577405;1106
00276014;Přepeře;Semily;577413;1049
00276022;Příkrý;Semily;577421;239
00276031;Radostná pod Kozákovem;Semily;577430;438
00276049;Rakousy;Semily;577448;101
00276057;Rokytnice nad Jizerou;Semily;577456;2478
00276065;Roprachtice;Semily;577464;296
00276073;Rovensko pod Troskami;Semily;577472;1371
00276081;Roztoky u Jilemnice;Semily;577499;1095
00276090;Roztoky u Semil;Semily;577481;113
00276111;Semily;Semily;576964;8022
00276138;Slaná;Semily;577529;674
00276154;Stružinec;Semily;577545;693
00276162;Studenec;Semily;577553;1826
00276171;Svojek;Semily;577561;182
00276189;Syřenov;Semily;577570;234
00276197;Tatobity;Semily;577596;615
00276201;Troskovice;Semily;577600;80
00276227;Turnov;Semily;577626;14577
00276243;Veselá;Semily;577642;238
00276286;Vyskeř;Semily;577685;405
00276294;Vysoké nad Jizerou;Semily;577693;1278
00276251;Víchová nad Jizerou;Semily;577651;843
00276260;Vítkovice;Semily;577669;360
00276278;Všeň;Semily;577677;617
00276308;Záhoří;Semily;577707;516
00275662;Čistá u Horek;Semily;577057;593
00580848;Žernov;Semily;577723;234
00673382;Bezděz;Česká Lípa;561398;350
00673099;Blatce;Česká Lípa;561401;115
00524743;Blíževedly;Česká Lípa;561410;631
00673340;Bohatice;Česká Lípa;561428;247
00260401;Brniště;Česká Lípa;561444;1303
00483362;Chlum;Česká Lípa;561614;279
00831590;Chotovice;Česká Lípa;561622;186
00260410;Cvikov;Česká Lípa;561479;4534
00260444;Doksy;Česká Lípa;561495;5115
00525707;Dubnice;Česká Lípa;561541;640
00260479;Dubá;Česká Lípa;561533;1672
00673498;Hamr na Jezeře;Česká Lípa;544337;471
00260525;Holany;Česká Lípa;561584;566
00555444;Horní Libchava;Česká Lípa;561592;872
00524662;Horní Police;Česká Lípa;561606;732
00260878;Jestřebí;Česká Lípa;561665;839
00260622;Kamenický Šenov;Česká Lípa;561681;3811
00831522;Kozly;Česká Lípa;546232;151
00260657;Kravaře;Česká Lípa;561720;783
00673421;Krompach;Česká Lípa;561738;179
00524301;Kunratice u Cvikova;Česká Lípa;561746;640
00831531;Kvítkov;Česká Lípa;546259;236
00673480;Luka;Česká Lípa;514161;98
00260738;Mařenice;Česká Lípa;561827;327
00260746;Mimoň;Česká Lípa;561835;6387
00672904;Noviny pod Ralskem;Česká Lípa;561851;312
00260771;Nový Bor;Česká Lípa;561860;11318
00260789;Nový Oldřichov;Česká Lípa;561878;816
00673412;Okna;Česká Lípa;561886;348
00673447;Okrouhlá;Česká Lípa;561894;580
00672912;Pertoltice pod Ralskem;Česká Lípa;514276;436
00525405;Polevsko;Česká Lípa;561959;439
00524760;Provodín;Česká Lípa;561983;721
00525197;Prysk;Česká Lípa;561991;461
46750690;Radvanec;Česká Lípa;530387;276
00831514;Ralsko;Česká Lípa;562017;2220
00673455;Skalice u České Lípy;Česká Lípa;562025;1620
00673439;Skalka u Doks;Česká Lípa;513890;179
00525677;Sloup v Čechách;Česká Lípa;562050;711
00831620;Slunečná;Česká Lípa;546275;151
00673374;Sosnová;Česká Lípa;562076;692
00260975;Stružnice;Česká Lípa;562106;1021
00260967;Stráž pod Ralskem;Česká Lípa;562092;3839
00524751;Stvolínky;Česká Lípa;562114;325
00831689;Svojkov;Česká Lípa;546283;291
00261009;Svor;Česká Lípa;562131;710
49864009;Tachov;Česká Lípa;553638;221
00831727;Tuhaň;Česká Lípa;546267;261
00673072;Velenice;Česká Lípa;562173;175
00672891;Velký Valtinov;Česká Lípa;562203;198
00261076;Volfartice;Česká Lípa;562220;738
00673081;Vrchovany;Česká Lípa;562238;119
00261092;Zahrádky;Česká Lípa;562246;705
00261114;Zákupy;Česká Lípa;562262;2954
00260428;Česká Lípa;Česká Lípa;561380;36815
00261131;Žandov;Česká Lípa;562297;1922
00673463;Ždírec;Česká Lípa;514195;122
`;

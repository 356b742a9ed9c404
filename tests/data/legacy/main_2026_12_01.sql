BEGIN TRANSACTION;
CREATE TABLE annotations (
	id INTEGER NOT NULL, 
	segment_id INTEGER NOT NULL, 
	span_start INTEGER, 
	span_end INTEGER, 
	quote TEXT NOT NULL, 
	category VARCHAR(120) NOT NULL, 
	severity VARCHAR(20) NOT NULL, 
	comment TEXT, 
	reviewer VARCHAR(200) NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(segment_id) REFERENCES segments (id) ON DELETE CASCADE
);
INSERT INTO "annotations" VALUES(1,2,0,6,'A long','Accuracy/Mistranslation','major','<b>x</b>','anna','2026-12-01 11:45:13.111317');
INSERT INTO "annotations" VALUES(2,5,NULL,NULL,'','Fluency/Punctuation','minor',NULL,'boris','2026-12-01 11:45:13.124265');
CREATE TABLE documents (
	id INTEGER NOT NULL, 
	project_id INTEGER NOT NULL, 
	name VARCHAR(300) NOT NULL, 
	system VARCHAR(200), 
	ref_kind VARCHAR(20) NOT NULL, 
	segmented BOOLEAN NOT NULL, 
	mt_text TEXT NOT NULL, 
	ref_text TEXT NOT NULL, 
	src_text TEXT, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_documents_project_name UNIQUE (project_id, name), 
	FOREIGN KEY(project_id) REFERENCES projects (id) ON DELETE CASCADE
);
INSERT INTO "documents" VALUES(1,1,'legacy-doc','sys','reference',0,'They are time—tested friends.
A long—awaited opening took place.
The river station reopened on Saturday.
Photo: TASS/Olga Rechkina
Tickets 100% sold_out at the box office.
Ёлки «зелёные» — 3 км.','They are time-tested friends.
A long-awaited opening took place.
The river terminal reopened on Saturday.

Tickets 100% sold out at the ticket office.
Firs are green — 3 km.','x','2026-12-01 11:45:12.801056');
CREATE TABLE events (
	id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	actor VARCHAR(200) NOT NULL, 
	kind VARCHAR(40) NOT NULL, 
	project_id INTEGER, 
	document_id INTEGER, 
	segment_id INTEGER, 
	"before" JSON NOT NULL, 
	"after" JSON NOT NULL, 
	undoes INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(project_id) REFERENCES projects (id) ON DELETE CASCADE, 
	FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE, 
	FOREIGN KEY(segment_id) REFERENCES segments (id) ON DELETE CASCADE
);
INSERT INTO "events" VALUES(1,'2026-12-01 11:45:12.758095','anna','create-project',1,NULL,NULL,'{}','{"name": "Legacy project", "src_lang": "ru", "tgt_lang": "en"}',NULL);
INSERT INTO "events" VALUES(2,'2026-12-01 11:45:12.831963','anna','import',1,1,NULL,'{}','{"name": "legacy-doc", "segments": 6, "findings": 14}',NULL);
INSERT INTO "events" VALUES(3,'2026-12-01 11:45:13.073238','anna','apply-fix',1,1,3,'{"corrected": "The river station reopened on Saturday.", "findings": {"6": "open"}}','{"corrected": "The river terminal reopened on Saturday.", "findings": {"6": "applied"}, "check": "glossary"}',NULL);
INSERT INTO "events" VALUES(4,'2026-12-01 11:45:13.093147','boris','edit',1,1,1,'{"corrected": "They are time\u2014tested friends."}','{"corrected": "They are time-tested friends!"}',NULL);
INSERT INTO "events" VALUES(5,'2026-12-01 11:45:13.104503','boris','status',1,1,1,'{"status": "todo"}','{"status": "corrected"}',NULL);
INSERT INTO "events" VALUES(6,'2026-12-01 11:45:13.115932','anna','annotate',1,1,2,'{"annotation": null}','{"annotation": {"id": 1, "start": 0, "end": 6, "quote": "A long", "category": "Accuracy/Mistranslation", "severity": "major", "comment": "<b>x</b>", "reviewer": "anna", "created_at": "2026-12-01T11:45:13.111317"}}',NULL);
INSERT INTO "events" VALUES(7,'2026-12-01 11:45:13.125023','boris','annotate',1,1,5,'{"annotation": null}','{"annotation": {"id": 2, "start": null, "end": null, "quote": "", "category": "Fluency/Punctuation", "severity": "minor", "comment": null, "reviewer": "boris", "created_at": "2026-12-01T11:45:13.124265"}}',NULL);
INSERT INTO "events" VALUES(8,'2026-12-01 11:45:13.139990','anna','status',1,1,4,'{"status": "todo"}','{"status": "needs_work"}',NULL);
INSERT INTO "events" VALUES(9,'2026-12-01 11:45:13.152770','anna','undo',1,1,4,'{"status": "needs_work"}','{"status": "todo"}',8);
CREATE TABLE findings (
	id INTEGER NOT NULL, 
	segment_id INTEGER NOT NULL, 
	document_id INTEGER NOT NULL, 
	check_id VARCHAR(60) NOT NULL, 
	category VARCHAR(120) NOT NULL, 
	severity VARCHAR(20) NOT NULL, 
	message TEXT NOT NULL, 
	span_start INTEGER NOT NULL, 
	span_end INTEGER NOT NULL, 
	quote TEXT NOT NULL, 
	suggestion TEXT, 
	state VARCHAR(20) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(segment_id) REFERENCES segments (id) ON DELETE CASCADE, 
	FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE
);
INSERT INTO "findings" VALUES(1,1,1,'numbers','Accuracy/Mistranslation','minor','missing from the MT: 0 (in the source)',0,29,'They are time—tested friends.',NULL,'open');
INSERT INTO "findings" VALUES(2,1,1,'dash-in-compound','Fluency/Punctuation','minor','dash used as a hyphen in the compound time—tested',13,14,'—','-','open');
INSERT INTO "findings" VALUES(3,2,1,'numbers','Accuracy/Mistranslation','minor','missing from the MT: 1 (in the source)',0,34,'A long—awaited opening took place.',NULL,'open');
INSERT INTO "findings" VALUES(4,2,1,'dash-in-compound','Fluency/Punctuation','minor','dash used as a hyphen in the compound long—awaited',6,7,'—','-','open');
INSERT INTO "findings" VALUES(5,3,1,'numbers','Accuracy/Mistranslation','minor','missing from the MT: 2 (in the source)',0,39,'The river station reopened on Saturday.',NULL,'open');
INSERT INTO "findings" VALUES(6,3,1,'glossary','Terminology/Wrong term','major','glossary: use ''river terminal'', not ''river station''',4,17,'river station','river terminal','applied');
INSERT INTO "findings" VALUES(7,4,1,'numbers','Accuracy/Mistranslation','minor','missing from the MT: 3 (in the source)',0,25,'Photo: TASS/Olga Rechkina',NULL,'open');
INSERT INTO "findings" VALUES(8,4,1,'photo-credit','Design/Extraneous text','minor','photo credit',0,25,'Photo: TASS/Olga Rechkina','','open');
INSERT INTO "findings" VALUES(9,5,1,'numbers','Accuracy/Mistranslation','major','100 in the MT, 4 in the source',8,11,'100',NULL,'open');
INSERT INTO "findings" VALUES(10,5,1,'glossary','Terminology/Wrong term','major','glossary: use ''ticket office'', not ''box office''',29,39,'box office','ticket office','open');
INSERT INTO "findings" VALUES(11,6,1,'untranslated','Accuracy/Untranslated','major','line left in Cyrillic script (untranslated)',0,22,'Ёлки «зелёные» — 3 км.',NULL,'open');
INSERT INTO "findings" VALUES(12,6,1,'quotes','Fluency/Punctuation','minor','« » guillemets in English text',5,6,'«','“','open');
INSERT INTO "findings" VALUES(13,6,1,'quotes','Fluency/Punctuation','minor','« » guillemets in English text',13,14,'»','”','open');
INSERT INTO "findings" VALUES(14,6,1,'numbers','Accuracy/Mistranslation','major','3 in the MT, 5 in the source',17,18,'3',NULL,'open');
CREATE TABLE projects (
	id INTEGER NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	src_lang VARCHAR(20) NOT NULL, 
	tgt_lang VARCHAR(20) NOT NULL, 
	glossary TEXT, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
INSERT INTO "projects" VALUES(1,'Legacy project','ru','en','river station	river terminal
','2026-12-01 11:45:12.681202');
CREATE TABLE segments (
	id INTEGER NOT NULL, 
	document_id INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	src TEXT, 
	mt TEXT NOT NULL, 
	ref TEXT NOT NULL, 
	mt_ids JSON NOT NULL, 
	ref_ids JSON NOT NULL, 
	src_ids JSON NOT NULL, 
	link VARCHAR(10) NOT NULL, 
	confidence FLOAT NOT NULL, 
	bleu FLOAT, 
	chrf FLOAT, 
	ter FLOAT, 
	corrected TEXT NOT NULL, 
	corrected_bleu FLOAT, 
	corrected_chrf FLOAT, 
	corrected_ter FLOAT, 
	status VARCHAR(20) NOT NULL, 
	version INTEGER NOT NULL, 
	updated_by VARCHAR(200), 
	updated_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE
);
INSERT INTO "segments" VALUES(1,1,0,'src 0','They are time—tested friends.','They are time-tested friends.','[0]','[0]','[]','1-1',1.0,3.02137539735676767809e+01,8.44939734178864654268e+01,25.0,'They are time-tested friends!',6.68740304976421811016e+01,95.7219990154773,25.0,'corrected',3,'boris','2026-12-01 11:45:13.104503');
INSERT INTO "segments" VALUES(2,1,1,'src 1','A long—awaited opening took place.','A long-awaited opening took place.','[1]','[1]','[]','1-1',1.0,53.7284965911771,86.8350408637765,20.0,'A long—awaited opening took place.',53.7284965911771,86.8350408637765,20.0,'todo',2,'anna','2026-12-01 11:45:13.115932');
INSERT INTO "segments" VALUES(3,1,2,'src 2','The river station reopened on Saturday.','The river terminal reopened on Saturday.','[2]','[2]','[]','1-1',1.0,4.88923022434900857993e+01,69.6566865700881,1.66666666666666642981e+01,'The river terminal reopened on Saturday.',1.0000000000000004263e+02,100.0,0.0,'todo',2,'anna','2026-12-01 11:45:13.073238');
INSERT INTO "segments" VALUES(4,1,3,'src 3','Photo: TASS/Olga Rechkina','','[3]','[]','[]','1-0',1.0,NULL,NULL,NULL,'Photo: TASS/Olga Rechkina',NULL,NULL,NULL,'todo',3,'anna','2026-12-01 11:45:13.152770');
INSERT INTO "segments" VALUES(5,1,4,'src 4','Tickets 100% sold_out at the box office.','Tickets 100% sold out at the ticket office.','[4]','[4]','[]','1-1',1.0,3.78179042765247501738e+01,6.73553921922626130935e+01,37.5,'Tickets 100% sold_out at the box office.',3.78179042765247501738e+01,6.73553921922626130935e+01,37.5,'todo',2,'boris','2026-12-01 11:45:13.125023');
INSERT INTO "segments" VALUES(6,1,5,'src 5','Ёлки «зелёные» — 3 км.','Firs are green — 3 km.','[5]','[5]','[]','1-1',1.0,1.5207218222740094049e+01,3.93578484025189068162e+00,6.66666666666666571936e+01,'Ёлки «зелёные» — 3 км.',1.5207218222740094049e+01,3.93578484025189068162e+00,6.66666666666666571936e+01,'todo',1,NULL,NULL);
CREATE INDEX ix_documents_project_id ON documents (project_id);
CREATE INDEX ix_segments_document_status ON segments (document_id, status);
CREATE INDEX ix_segments_document_chrf ON segments (document_id, chrf);
CREATE UNIQUE INDEX ix_segments_document_position ON segments (document_id, position);
CREATE INDEX ix_findings_document_check ON findings (document_id, check_id, state);
CREATE INDEX ix_findings_segment_id ON findings (segment_id);
CREATE INDEX ix_annotations_segment_id ON annotations (segment_id);
CREATE INDEX ix_events_project_id ON events (project_id);
CREATE INDEX ix_events_segment ON events (segment_id, id);
CREATE INDEX ix_events_document_id ON events (document_id);
COMMIT;

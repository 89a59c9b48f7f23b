-- A succeeded job's result is the project it made (what create-from-context answers as data);
-- the sentence of the answer is the API's to write. Results stored before held both.
UPDATE analysis_jobs SET result = result -> 'data'
WHERE result IS NOT NULL AND result ? 'message' AND result ? 'data';

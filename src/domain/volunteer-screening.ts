/**
 * The steps before a volunteer is ready to be paired: withdrawing then takes back the sign-up
 * (撤回报名). Apart from the status model so the status page's script, which needs only this list,
 * does not load the model's sentences and with them the whole dictionary.
 */
export const VOLUNTEER_SCREENING = ['submitted', 'reviewing', 'background_check', 'training'] as const;

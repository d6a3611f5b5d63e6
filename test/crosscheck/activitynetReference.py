"""Transcription of the official ActivityNet evaluation (activitynet/ActivityNet,
Evaluation/eval_detection.py, eval_classification.py, eval_proposal.py, utils.py) for
cross-checking Actionline's metrics. numpy only: pandas DataFrames became lists with the
same row orders; np.float/np.int became float/int; np.trapz is np.trapezoid in numpy 2.
No blocked-video download (check_status=False). The arithmetic is kept line for line.

    python3 activitynetReference.py detection|classification|proposals GT.json PRED.json [subset] [top_k]

Prints one JSON object with the numbers as Python's repr (shortest round-trip).
"""
import json
import sys

import numpy as np

TIOU = np.linspace(0.5, 0.95, 10)


def interpolated_prec_rec(prec, rec):
    mprec = np.hstack([[0], prec, [0]])
    mrec = np.hstack([[0], rec, [1]])
    for i in range(len(mprec) - 1)[::-1]:
        mprec[i] = max(mprec[i], mprec[i + 1])
    idx = np.where(mrec[1::] != mrec[0:-1])[0] + 1
    ap = np.sum((mrec[idx] - mrec[idx - 1]) * mprec[idx])
    return ap


def segment_iou(target_segment, candidate_segments):
    tt1 = np.maximum(target_segment[0], candidate_segments[:, 0])
    tt2 = np.minimum(target_segment[1], candidate_segments[:, 1])
    segments_intersection = (tt2 - tt1).clip(0)
    segments_union = (candidate_segments[:, 1] - candidate_segments[:, 0]) \
        + (target_segment[1] - target_segment[0]) - segments_intersection
    tIoU = segments_intersection.astype(float) / segments_union
    return tIoU


def wrapper_segment_iou(target_segments, candidate_segments):
    n, m = candidate_segments.shape[0], target_segments.shape[0]
    tiou = np.empty((n, m))
    for i in range(m):
        tiou[:, i] = segment_iou(target_segments[i, :], candidate_segments)
    return tiou


def import_ground_truth(data, subset):
    activity_index, cidx = {}, 0
    rows = []  # (video-id, t-start, t-end, label)
    for videoid, v in data['database'].items():
        if subset != v['subset']:
            continue
        for ann in v['annotations']:
            if ann['label'] not in activity_index:
                activity_index[ann['label']] = cidx
                cidx += 1
            rows.append((videoid, float(ann['segment'][0]), float(ann['segment'][1]),
                         activity_index[ann['label']]))
    return rows, activity_index


def compute_average_precision_detection(ground_truth, prediction, tiou_thresholds=TIOU):
    ap = np.zeros(len(tiou_thresholds))
    if len(prediction) == 0:
        return ap
    npos = float(len(ground_truth))
    lock_gt = np.ones((len(tiou_thresholds), len(ground_truth))) * -1
    scores = np.array([p[3] for p in prediction])
    sort_idx = scores.argsort()[::-1]
    prediction = [prediction[i] for i in sort_idx]
    tp = np.zeros((len(tiou_thresholds), len(prediction)))
    fp = np.zeros((len(tiou_thresholds), len(prediction)))
    gbvn = {}
    for index, g in enumerate(ground_truth):
        gbvn.setdefault(g[0], []).append(index)
    for idx, this_pred in enumerate(prediction):
        if this_pred[0] not in gbvn:
            fp[:, idx] = 1
            continue
        this_gt_index = gbvn[this_pred[0]]
        this_gt = np.array([[ground_truth[i][1], ground_truth[i][2]] for i in this_gt_index])
        tiou_arr = segment_iou(np.array([this_pred[1], this_pred[2]]), this_gt)
        tiou_sorted_idx = tiou_arr.argsort()[::-1]
        for tidx, tiou_thr in enumerate(tiou_thresholds):
            for jdx in tiou_sorted_idx:
                if tiou_arr[jdx] < tiou_thr:
                    fp[tidx, idx] = 1
                    break
                if lock_gt[tidx, this_gt_index[jdx]] >= 0:
                    continue
                tp[tidx, idx] = 1
                lock_gt[tidx, this_gt_index[jdx]] = idx
                break
            if fp[tidx, idx] == 0 and tp[tidx, idx] == 0:
                fp[tidx, idx] = 1
    tp_cumsum = np.cumsum(tp, axis=1).astype(float)
    fp_cumsum = np.cumsum(fp, axis=1).astype(float)
    recall_cumsum = tp_cumsum / npos
    precision_cumsum = tp_cumsum / (tp_cumsum + fp_cumsum)
    for tidx in range(len(tiou_thresholds)):
        ap[tidx] = interpolated_prec_rec(precision_cumsum[tidx, :], recall_cumsum[tidx, :])
    return ap


def detection(gt_data, pred_data, subset):
    ground_truth, activity_index = import_ground_truth(gt_data, subset)
    prediction = []  # (video-id, t-start, t-end, score, label)
    for videoid, v in pred_data['results'].items():
        for result in v:
            if result['label'] not in activity_index:
                continue  # the official code raises KeyError; Actionline leaves them out
            prediction.append((videoid, float(result['segment'][0]), float(result['segment'][1]),
                               result['score'], activity_index[result['label']]))
    ap = np.zeros((len(TIOU), len(activity_index)))
    for label_name, cidx in activity_index.items():
        gt = [g for g in ground_truth if g[3] == cidx]
        pr = [p for p in prediction if p[4] == cidx]
        ap[:, cidx] = compute_average_precision_detection(gt, pr, TIOU)
    mAP = ap.mean(axis=1)
    return {'tiouThresholds': TIOU.tolist(), 'mAP': mAP.tolist(), 'averageMAP': float(mAP.mean()),
            'apPerClass': {name: ap[:, cidx].tolist() for name, cidx in activity_index.items()}}


def compute_average_precision_classification(ground_truth, prediction):
    npos = float(len(ground_truth))
    lock_gt = np.ones(len(ground_truth)) * -1
    scores = np.array([p[2] for p in prediction])
    sort_idx = scores.argsort()[::-1]
    prediction = [prediction[i] for i in sort_idx]
    tp = np.zeros(len(prediction))
    fp = np.zeros(len(prediction))
    for idx in range(len(prediction)):
        this_pred = prediction[idx]
        gt_idx = [i for i, g in enumerate(ground_truth) if g[0] == this_pred[0]]
        if not gt_idx:
            fp[idx] = 1
            continue
        if lock_gt[gt_idx[0]] >= 0:
            fp[idx] = 1
        else:
            tp[idx] = 1
            lock_gt[gt_idx[0]] = idx
    tp = np.cumsum(tp).astype(float)
    fp = np.cumsum(fp).astype(float)
    rec = tp / npos
    prec = tp / (tp + fp)
    return interpolated_prec_rec(prec, rec)


def compute_video_hit_at_k(ground_truth, prediction, top_k=3, avg=False):
    video_ids = np.unique(np.array([g[0] for g in ground_truth], dtype=object))
    avg_hits_per_vid = np.zeros(video_ids.size)
    for i, vid in enumerate(video_ids):
        this_pred = [p for p in prediction if p[0] == vid]
        if not this_pred:
            continue
        scores = np.array([p[2] for p in this_pred])
        sort_idx = scores.argsort()[::-1][:top_k]
        pred_label = [this_pred[j][1] for j in sort_idx]
        gt_label = [g[1] for g in ground_truth if g[0] == vid]
        avg_hits_per_vid[i] = np.mean([1 if this_label in pred_label else 0 for this_label in gt_label])
        if not avg:
            avg_hits_per_vid[i] = np.ceil(avg_hits_per_vid[i])
    return float(avg_hits_per_vid.mean())


def classification(gt_data, pred_data, subset, top_k):
    rows, activity_index = import_ground_truth(gt_data, subset)
    ground_truth = list(dict.fromkeys((r[0], r[3]) for r in rows))  # drop_duplicates, first kept
    prediction = []  # (video-id, label, score); unknown labels keep their slot (label -1)
    for videoid, v in pred_data['results'].items():
        for result in v:
            prediction.append((videoid, activity_index.get(result['label'], -1), result['score']))
    ap = np.zeros(len(activity_index))
    for activity, cidx in activity_index.items():
        ap[cidx] = compute_average_precision_classification(
            [g for g in ground_truth if g[1] == cidx], [p for p in prediction if p[1] == cidx])
    return {'mAP': float(ap.mean()),
            'hitAtK': compute_video_hit_at_k(ground_truth, prediction, top_k),
            'avgHitAtK': compute_video_hit_at_k(ground_truth, prediction, top_k, avg=True),
            'topK': top_k}


def average_recall_vs_avg_nr_proposals(ground_truth, proposals, max_avg_nr_proposals=None,
                                       tiou_thresholds=TIOU):
    video_lst = np.array(list(dict.fromkeys(g[0] for g in ground_truth)), dtype=object)
    if not max_avg_nr_proposals:
        max_avg_nr_proposals = float(len(proposals)) / video_lst.shape[0]
    ratio = max_avg_nr_proposals * float(video_lst.shape[0]) / len(proposals)
    score_lst = []
    total_nr_proposals = 0
    for videoid in video_lst:
        this_video_ground_truth = np.array([[g[1], g[2]] for g in ground_truth if g[0] == videoid])
        mine = [p for p in proposals if p[0] == videoid]
        if not mine:
            n = this_video_ground_truth.shape[0]
            score_lst.append(np.zeros((n, 1)))
            continue
        this_video_proposals = np.array([[p[1], p[2]] for p in mine])
        sort_idx = np.array([p[3] for p in mine]).argsort()[::-1]
        this_video_proposals = this_video_proposals[sort_idx, :]
        nr_proposals = np.minimum(int(this_video_proposals.shape[0] * ratio), this_video_proposals.shape[0])
        total_nr_proposals += nr_proposals
        this_video_proposals = this_video_proposals[:nr_proposals, :]
        tiou = wrapper_segment_iou(this_video_proposals, this_video_ground_truth)
        score_lst.append(tiou)
    pcn_lst = np.arange(1, 101) / 100.0 * (max_avg_nr_proposals * float(video_lst.shape[0]) / total_nr_proposals)
    matches = np.empty((video_lst.shape[0], pcn_lst.shape[0]))
    positives = np.empty(video_lst.shape[0])
    recall = np.empty((tiou_thresholds.shape[0], pcn_lst.shape[0]))
    for ridx, tiou in enumerate(tiou_thresholds):
        for i, score in enumerate(score_lst):
            positives[i] = score.shape[0]
            true_positives_tiou = score >= tiou
            pcn_proposals = np.minimum((score.shape[1] * pcn_lst).astype(int), score.shape[1])
            for j, nr_proposals in enumerate(pcn_proposals):
                matches[i, j] = np.count_nonzero((true_positives_tiou[:, :nr_proposals]).sum(axis=1))
        recall[ridx, :] = matches.sum(axis=0) / positives.sum()
    avg_recall = recall.mean(axis=0)
    proposals_per_video = pcn_lst * (float(total_nr_proposals) / video_lst.shape[0])
    return recall, avg_recall, proposals_per_video


def proposals(gt_data, pred_data, subset):
    rows, _ = import_ground_truth(gt_data, subset)
    props = []
    for videoid, v in pred_data['results'].items():
        for result in v:
            props.append((videoid, float(result['segment'][0]), float(result['segment'][1]), result['score']))
    recall, avg_recall, ppv = average_recall_vs_avg_nr_proposals(rows, props, max_avg_nr_proposals=100)
    area_under_curve = np.trapezoid(avg_recall, ppv)
    return {'auc': 100. * float(area_under_curve) / ppv[-1], 'averageRecall': avg_recall.tolist(),
            'averageNumberOfProposals': ppv.tolist()}


if __name__ == '__main__':
    task, gt_file, pred_file = sys.argv[1:4]
    subset = sys.argv[4] if len(sys.argv) > 4 else 'validation'
    top_k = int(sys.argv[5]) if len(sys.argv) > 5 else 3
    with open(gt_file) as f:
        gt_data = json.load(f)
    with open(pred_file) as f:
        pred_data = json.load(f)
    if task == 'detection':
        out = detection(gt_data, pred_data, subset)
    elif task == 'classification':
        out = classification(gt_data, pred_data, subset, top_k)
    else:
        out = proposals(gt_data, pred_data, subset)
    print(json.dumps(out))

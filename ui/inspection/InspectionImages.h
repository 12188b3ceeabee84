#pragma once
// What the inspection view shows for one sample. Made off the GUI thread (loading and
// scoring), handed over by value; cv::Mat shares buffers on copy, so the producer must not
// write into these mats after handing them over.

#include <QString>

#include <opencv2/core.hpp>

#include <limits>

namespace faultline::ui {

struct InspectionImages {
    QString name;            // shown in the caption
    double score = std::numeric_limits<double>::quiet_NaN();
    cv::Mat original;        // CV_32FC1 or CV_32FC3 (RGB), values in [0,1]
    cv::Mat reconstruction;  // same size and type as original; empty when the model has none
    cv::Mat error;           // CV_32FC1 anomaly map at the original's size; empty when unscored
    cv::Mat mask;            // CV_8UC1 ground truth (non-zero = defect); empty when none
    QString errorMessage;   // set instead of images when loading or scoring failed
    bool pending = false;    // the decoded original only: the model's reconstruction and map follow
};

} // namespace faultline::ui
